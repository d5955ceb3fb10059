package dev.specagent.envs.planning.openagi;

import dev.specagent.core.data.ByteOrderMark;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.data.IoErrors;
import dev.specagent.core.data.Utf8Lines;
import dev.specagent.core.planning.PlanningTask;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The OpenAGI task descriptions of the DSP paper ({@code dsp/openagi_task_description.txt}, one per line). */
public final class OpenAgiTasks {

    /** The task file, relative to the data directory. */
    public static final String FILE = "dsp/openagi_task_description.txt";

    private static final String ID_PREFIX = "openagi-";

    private OpenAgiTasks() {
    }

    /**
     * The tasks of {@code file}, with ids {@code openagi-<line>}; blank lines are skipped, and so is a UTF-8 byte order
     * mark at its start.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no task, and the line when
     *                                  it is not UTF-8 or holds a control character other than a tab (a UTF-16 file
     *                                  reads as UTF-8 with a NUL after every character)
     */
    public static List<PlanningTask> read(Path file) {
        List<String> lines = lines(file);
        List<PlanningTask> tasks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            requireNoControlCharacter(file, i + 1, text);
            if (!text.isEmpty()) {
                tasks.add(new PlanningTask(ID_PREFIX + (i + 1), text));
            }
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException(file + ": no task descriptions");
        }
        return tasks;
    }

    /**
     * The lines of {@code file}, a byte order mark at its start left out; a line that is not UTF-8 is refused naming
     * it.
     */
    private static List<String> lines(Path file) {
        List<String> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Utf8Lines reader = new Utf8Lines(in);
            for (String line = reader.next(); line != null; line = reader.next()) {
                // a byte order mark is no part of the text
                lines.add(lines.isEmpty() ? ByteOrderMark.strip(line) : line);
            }
        } catch (Utf8Lines.NotUtf8Exception e) {
            throw new IllegalArgumentException(file + ":" + (lines.size() + 1) + ": not UTF-8 text (a binary file?)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the OpenAGI tasks: " + IoErrors.reason(e), e);
        }
        return lines;
    }

    private static void requireNoControlCharacter(Path file, int line, String text) {
        var control = text.chars().filter(c -> Character.isISOControl(c) && c != '\t').findFirst();
        if (control.isPresent()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s:%d: the task holds a control character "
                    + "(U+%04X); a task file is UTF-8 text, one task per line", file, line, control.getAsInt()));
        }
    }

    /**
     * The line of the task file that {@code task} was read from (its id is {@code openagi-<line>}).
     *
     * @throws IllegalArgumentException when {@code task} was not read by {@link #read}
     */
    public static int lineOf(PlanningTask task) {
        String id = task.id();
        if (id.startsWith(ID_PREFIX)) {
            try {
                return Integer.parseInt(id.substring(ID_PREFIX.length()));
            } catch (NumberFormatException e) {
                // not one of ours: refused below
            }
        }
        throw new IllegalArgumentException("task '" + id + "' is no OpenAGI task of a task file (id openagi-<line>)");
    }

    /** The tasks from the shared data directory. */
    public static List<PlanningTask> fromDataDirectory() {
        return read(DataDirectory.require(FILE));
    }
}
