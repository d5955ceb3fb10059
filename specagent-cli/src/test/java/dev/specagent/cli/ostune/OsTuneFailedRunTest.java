package dev.specagent.cli.ostune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.LossyResult;
import dev.specagent.core.lossy.LossyRunException;
import dev.specagent.envs.ostune.knob.KnobRestoreException;
import dev.specagent.envs.ostune.knob.SimulatedKnob;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ostune command says of a failed run's knob: restored when its close restored it, and never when the restore
 * failed (the command said "the knob was restored to 24" of a knob left at what the run wrote).
 */
class OsTuneFailedRunTest {

    private static final LossyResult PARTIAL = new LossyResult(List.of(), List.of(), List.of(), RunFigures.of(List.of()),
            24, 3);

    private record Printed(String out, String err) {
    }

    private static Printed failed(LossyRunException e, boolean json) {
        OsTuneCommand command = new OsTuneCommand();
        command.json = json;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.failed(e, new AgentFailures(LossyListener.NONE), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Printed(out.toString(), err.toString());
    }

    @Test
    void aKnobThatCouldNotBeRestoredIsNotSaidRestored() {
        KnobRestoreException stuck = new KnobRestoreException(new SimulatedKnob(), 24,
                new UncheckedIOException("device busy", new IOException("EBUSY")));
        LossyRunException e = new LossyRunException("lossy run failed at t=2.0 s: write refused; closing the system "
                + "failed too: " + stuck.getMessage(), new IllegalStateException("write refused"), PARTIAL, stuck);

        Printed text = failed(e, false);
        assertThat(text.err()).doesNotContain("was restored").contains("could NOT be restored to 24")
                .contains("could not be restored to 24: device busy");

        JsonNode o = CanonicalJson.parse(failed(e, true).out());
        assertThat(o.get("restored").asBoolean()).isFalse();
        assertThat(o.get("original_value").asDouble()).isEqualTo(24);
        assertThat(o.get("error").asText()).contains("could not be restored to 24: device busy");
    }

    @Test
    void aKnobRestoredAfterAFailureIsSaidRestored() {
        LossyRunException e = new LossyRunException("lossy run failed at t=2.0 s: workload died",
                new IllegalStateException("workload died"), PARTIAL);
        assertThat(failed(e, false).err()).contains("the knob was restored to 24").doesNotContain("NOT");
        assertThat(CanonicalJson.parse(failed(e, true).out()).get("restored").asBoolean()).isTrue();
        // a workload that would not stop fails the close, but the knob's guard restored it
        LossyRunException stopFailed = new LossyRunException("lossy run failed at t=3.0 s: sysbench would not stop",
                new IllegalStateException("sysbench would not stop"), PARTIAL, new IllegalStateException("sysbench would not stop"));
        assertThat(failed(stopFailed, false).err()).contains("the knob was restored to 24");
    }
}
