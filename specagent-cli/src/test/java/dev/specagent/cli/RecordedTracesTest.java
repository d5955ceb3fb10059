package dev.specagent.cli;

import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceRecorder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link RecordedTraces} says about a trace that could not be written in full or closed. */
class RecordedTracesTest {

    private static final TraceEntry ENTRY = TraceEntry.completed(CanonicalJson.parse("{\"model\": \"m\"}"),
            CanonicalJson.parse("{\"choices\": []}"), 1, 2);

    /** Takes every byte, then fails to close: a file system that reports a lost flush only on close. */
    private static final class FailsOnClose extends ByteArrayOutputStream {
        @Override
        public void close() throws IOException {
            throw new IOException("Input/output error");
        }
    }

    @Test
    void aTraceThatFailsOnlyOnCloseSaysItsEntriesWereWritten() {
        RecordedTraces traces = new RecordedTraces("--record");
        FailsOnClose stream = new FailsOnClose();
        TraceRecorder recorder = traces.track(new TraceRecorder(Path.of("t.jsonl"), stream));
        recorder.record(ENTRY);
        recorder.record(ENTRY);
        recorder.close();
        assertThat(stream.toString().lines()).hasSize(2);
        assertThat(traces.problems()).containsExactly("--record: t.jsonl: 2 entries written but the file could not be "
                + "closed: Input/output error (the last of them may not have reached the disk)");
    }

    @Test
    void aCompleteTraceHasNoProblem() {
        RecordedTraces traces = new RecordedTraces("--record");
        TraceRecorder recorder = traces.track(new TraceRecorder(Path.of("t.jsonl"), new ByteArrayOutputStream()));
        recorder.record(ENTRY);
        recorder.close();
        assertThat(traces.problems()).isEmpty();
    }
}
