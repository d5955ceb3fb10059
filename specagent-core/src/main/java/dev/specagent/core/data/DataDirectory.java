package dev.specagent.core.data;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the public data sets and recorded runs live. Taken from, in order: the system property
 * {@code specagent.data}, the environment variable {@code SPECAGENT_DATA} (a leading {@code ~} is the user's home in
 * both), then {@code ../shared/data}
 * seen from the project root ({@code SPECAGENT_HOME}, set by the launcher) or from the working
 * directory and its parents. The files are read in place, never copied.
 */
public final class DataDirectory {

    private DataDirectory() {
    }

    /** The data directory, if one is configured or found (none when the setting is no path, see {@link #setting()}). */
    public static Optional<Path> find() {
        List<Path> candidates;
        try {
            candidates = candidates();
        } catch (MissingDataException noPath) {
            return Optional.empty();
        }
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /**
     * The sub-folder {@code relative} of the data directory.
     *
     * @throws MissingDataException naming where it looked and how to configure it, when missing (and the folder to
     *     configure when the data directory's own {@code data} folder holds {@code relative})
     */
    public static Path require(String relative) {
        // (candidates() throws when the setting is no path, naming it)
        Path base = find().orElseThrow(() -> new MissingDataException(
                "no data directory: set SPECAGENT_DATA (or -Dspecagent.data) to the folder holding the shared data "
                        + "sets; looked in " + candidates()));
        Path path = base.resolve(relative);
        if (!Files.exists(path)) {
            String hint = dataFolderInside(base, relative).map(inner -> "; it is in " + inner.resolve(relative)
                    + ": set SPECAGENT_DATA to " + inner).orElse("");
            throw new MissingDataException("missing data: " + path + " (data directory " + base + ")" + hint);
        }
        return path;
    }

    /**
     * The data directory as the user set it.
     *
     * @param how  the setting as written: {@code -Dspecagent.data=PATH} or {@code SPECAGENT_DATA=PATH}
     * @param path the folder it names (which may not exist)
     */
    public record Setting(String how, Path path) {
    }

    /**
     * The data directory set by {@code -Dspecagent.data}, else by {@code SPECAGENT_DATA}; empty when neither is.
     *
     * @throws MissingDataException naming the setting when it is no path on this system (a letter beyond ASCII read
     *     under the C locale, which Java cannot turn back into a file name)
     */
    public static Optional<Setting> setting() {
        String property = System.getProperty("specagent.data");
        if (property != null && !property.isBlank()) {
            return Optional.of(setting("-Dspecagent.data=" + property, property));
        }
        String env = System.getenv("SPECAGENT_DATA");
        if (env != null && !env.isBlank()) {
            return Optional.of(setting("SPECAGENT_DATA=" + env, env));
        }
        return Optional.empty();
    }

    private static Setting setting(String how, String value) {
        try {
            return new Setting(how, userPath(value));
        } catch (InvalidPathException e) {
            throw new MissingDataException(how + " is no path: " + FileNames.whyNoPath(e));
        }
    }

    /**
     * {@code setting} as a path, a leading {@code ~} (alone or before a {@code /}) the user's home: a shell expands it
     * only at the start of a word, so {@code -Dspecagent.data=~/shared/data}, a quoted {@code SPECAGENT_DATA="~/..."}
     * or one in an env file reached Java as written, and named a folder '~' in the working folder.
     */
    static Path userPath(String setting) {
        if (setting.equals("~") || setting.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + setting.substring(1));
        }
        return Path.of(setting);
    }

    /**
     * {@code base}'s own {@code data} folder when that holds {@code relative}: {@code base} is then the 'shared' folder
     * around the data directory, given for it by a likely slip ({@code SPECAGENT_DATA=/x/shared}).
     */
    public static Optional<Path> dataFolderInside(Path base, String relative) {
        Path inner = base.resolve("data");
        return Files.exists(inner.resolve(relative)) ? Optional.of(inner) : Optional.empty();
    }

    private static List<Path> candidates() {
        Optional<Setting> setting = setting();
        if (setting.isPresent()) {
            return List.of(setting.get().path());
        }
        List<Path> out = new ArrayList<>();
        String home = System.getenv("SPECAGENT_HOME");
        if (home != null && !home.isBlank()) {
            out.add(Path.of(home).resolve("../shared/data"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            out.add(dir.resolve("../shared/data"));
            out.add(dir.resolve("shared/data"));
        }
        return out;
    }
}
