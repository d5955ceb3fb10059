package dev.specagent.core.actor;

import dev.specagent.core.call.Usage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The first report of a call, and its cancel, shared by the runner and the planner. */
class FirstReportTest {

    @Test
    void theFirstReportWins() {
        FirstReport<String> report = new FirstReport<>();
        assertThat(report.isReported()).isFalse();
        assertThat(report.claim("X", Usage.ofCost(0.1))).isTrue();
        assertThat(report.claim("Y", Usage.ofCost(0.2))).isFalse();
        assertThat(report.isReported()).isTrue();
        assertThat(report.value()).isEqualTo("X");
        assertThat(report.usage()).isEqualTo(Usage.ofCost(0.1));
    }

    @Test
    void aCancelChargesWhatTheCallReportedElseWhatTheCancelReturned() {
        List<String> broken = new ArrayList<>();
        FirstReport<String> running = new FirstReport<>();
        assertThat(running.cancel(() -> Usage.ofCost(0.01), "call a", (m, e) -> broken.add(m)))
                .isEqualTo(Usage.ofCost(0.01));
        FirstReport<String> finished = new FirstReport<>();
        finished.claim("X", Usage.ofCost(0.5));
        assertThat(finished.cancel(() -> Usage.ZERO, "call b", (m, e) -> broken.add(m)))
                .as("it finished at this instant: the cancel stopped nothing").isEqualTo(Usage.ofCost(0.5));
        assertThat(broken).isEmpty();
    }

    @Test
    void aCancelBreakingItsContractIsChargedZeroAndReportedNamingTheCall() {
        List<String> messages = new ArrayList<>();
        List<Throwable> causes = new ArrayList<>();
        IllegalStateException closed = new IllegalStateException("socket already closed");
        assertThat(new FirstReport<String>().cancel(() -> {
            throw closed;
        }, "the call x", (m, e) -> {
            messages.add(m);
            causes.add(e);
        })).isEqualTo(Usage.ZERO);
        assertThat(new FirstReport<String>().cancel(() -> null, "the call y", (m, e) -> {
            messages.add(m);
            causes.add(e);
        })).isEqualTo(Usage.ZERO);
        assertThat(messages).containsExactly(
                "cancelling the call x threw java.lang.IllegalStateException: socket already closed "
                        + "(CallHandle.cancel must not throw)",
                "cancelling the call y: CallHandle.cancel returned a null usage (return Usage.ZERO when the call "
                        + "cost nothing)");
        assertThat(causes).containsExactly(closed, null);
    }
}
