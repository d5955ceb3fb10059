package dev.specagent.llm;

import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.trace.TraceRecorder;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Records 1 kB entries into the file named by its argument until a write fails (a test runs it in a child JVM under
 * a small file-size limit), then prints how many entries were written.
 */
public final class TraceRecordingUntilFull {

    private TraceRecordingUntilFull() {
    }

    public static void main(String[] args) {
        try (TraceRecorder recorder = new TraceRecorder(Path.of(args[0]))) {
            try {
                for (int i = 0; i < 100; i++) {
                    recorder.record(Traces.text(ChatRequest.ofUser("question " + i), "m", "x".repeat(1000), 0, 0));
                }
            } catch (UncheckedIOException full) {
                // the first entry that could not be written
            }
            System.out.println(recorder.written());
        }
    }
}
