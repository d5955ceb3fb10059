package dev.specagent.cli.demo;

import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.data.MissingDataException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one-line hint of a demo part skipped for want of its recorded data: where the data was looked for and what to
 * change. With no data directory configured or found, where to put the shared data; with {@code SPECAGENT_DATA} (or
 * {@code -Dspecagent.data}) naming no folder, that; with a data directory that lacks the part's folder, that
 * directory, and the fix when it is the {@code shared} folder around the data directory (its {@code data} folder holds
 * the part's); with a setting that is no path, why.
 */
final class MissingData {

    private MissingData() {
    }

    /** {@code what} (e.g. "no recorded chess games") and why, for the part's folder {@code folder} of the data. */
    static String hint(String what, String folder) {
        Optional<Path> found = DataDirectory.find();
        if (found.isPresent()) {
            Path dir = found.get();
            return DataDirectory.dataFolderInside(dir, folder)
                    .map(inner -> what + " in " + dir.resolve(folder) + ": the data directory is " + inner
                            + ", set SPECAGENT_DATA to it")
                    .orElse(what + " in " + dir.resolve(folder) + " (the data directory): set SPECAGENT_DATA to the "
                            + "folder holding the shared data sets");
        }
        try {
            return DataDirectory.setting().map(s -> what + ": " + s.how() + " is not a folder")
                    .orElse(what + ": put the shared data in ../shared/data/" + folder + " or set SPECAGENT_DATA");
        } catch (MissingDataException noPath) {
            return what + ": " + noPath.getMessage();
        }
    }
}
