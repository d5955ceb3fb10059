package dev.specagent.cli;

import dev.specagent.core.data.IoErrors;
import dev.specagent.llm.trace.TraceRecorder;
import dev.specagent.llm.trace.UnwritableTraceException;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The trace files a command records its model calls to, under the option that named them ({@code --record},
 * {@code --llm-record}). A recording that fails mid-run never fails the run (its results are printed), so
 * {@link Main} checks, after the command, every option mixin that is an {@link Owner}: each trace that lost
 * entries is named in one line by {@link #problems()}, and the exit code is not 0.
 */
public final class RecordedTraces {

    /** An option mixin that records traces; {@link Main} checks its traces after the command. */
    public interface Owner {
        /** The traces opened under this mixin's option. */
        RecordedTraces recordedTraces();
    }

    private final String option;
    private final List<TraceRecorder> recorders = new CopyOnWriteArrayList<>();

    /** The traces of {@code option}, e.g. {@code "--record"}. */
    public RecordedTraces(String option) {
        this.option = option;
    }

    /** The option that names these traces, e.g. {@code "--record"}. */
    public String option() {
        return option;
    }

    /**
     * Opens {@code file} for recording and checks it after the command.
     *
     * @throws BadInputException naming the option and the file when it cannot be opened
     */
    public TraceRecorder open(Path file) {
        try {
            return track(new TraceRecorder(file));
        } catch (UnwritableTraceException e) {
            throw BadInputException.cannotWrite(option, e.file(), e.getCause());
        }
    }

    /** Checks {@code recorder} (opened elsewhere, e.g. by {@code LlmModels}) after the command. */
    public TraceRecorder track(TraceRecorder recorder) {
        recorders.add(recorder);
        return recorder;
    }

    /**
     * One line per trace that could not be written in full, e.g. {@code --record: cannot write /dev/full: No space
     * left on device (3 of 3 entries not written; the trace is incomplete)}, or whose file could not be closed
     * after every entry was written ({@code --record: t.jsonl: 3 entries written but the file could not be closed:
     * ...}); empty when every trace is complete.
     */
    public List<String> problems() {
        List<String> lines = new ArrayList<>();
        for (TraceRecorder r : recorders) {
            // a failed write counts its entry as not written, so a failure with none unwritten is the close's
            r.failure().ifPresent(e -> lines.add(r.notWritten() == 0
                    ? option + ": " + r.file() + ": " + r.written() + " entries written but the file could not be "
                            + "closed: " + IoErrors.reason(e) + " (the last of them may not have reached the disk)"
                    : option + ": cannot write " + r.file() + ": " + IoErrors.reason(e) + " (" + r.notWritten() + " of "
                            + (r.written() + r.notWritten()) + " entries not written; the trace is incomplete)"));
        }
        return lines;
    }

    /** The {@link #problems()} of every {@link Owner} among {@code command}'s mixins (nested ones included). */
    static List<String> problemsOf(CommandSpec command) {
        List<String> lines = new ArrayList<>();
        Mixins.of(command, Owner.class).forEach(owner -> lines.addAll(owner.recordedTraces().problems()));
        return lines;
    }
}
