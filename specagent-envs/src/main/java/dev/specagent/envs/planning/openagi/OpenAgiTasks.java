package dev.specagent.envs.planning.openagi;

import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.data.IoErrors;
import dev.specagent.core.planning.PlanningTask;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the OpenAGI tasks: " + IoErrors.reason(e), e);
        }
        List<String> lines = utf8(file, bytes).lines().toList();
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

    /** {@code bytes} as UTF-8 text; bytes that are not UTF-8 are refused naming the line they are on. */
    private static String utf8(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new IllegalArgumentException(file + ":" + lineAt(bytes, in.position()) + ": not UTF-8 text (a binary "
                    + "file?)");
        }
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte order mark is no part of the text
    }

    /** The line (from 1) of the byte at {@code offset}, lines ending as {@link String#lines} ends them. */
    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) {
                line++;
            }
        }
        return line;
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
