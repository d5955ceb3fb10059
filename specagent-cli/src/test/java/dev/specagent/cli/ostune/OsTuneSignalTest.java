package dev.specagent.cli.ostune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.SignalledRun;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ostune --llm actor} ended by a signal (a child JVM sent SIGTERM) while the actor's second decision hangs on
 * the model server: what the run spent includes that decision's call, charged what it had consumed (its prompt), as
 * a cancelled call is; before, only the settled decisions were counted.
 */
class OsTuneSignalTest {

    private static final String CONFIG = "Analysis: try.\nConfig: {\"simulated_min_granularity_ms\": 8}";

    /** The first decision answers in 300 ms (300 prompt tokens); the second one's answer takes 30 s. */
    private static List<TraceEntry> entries() {
        TraceEntry slow = OsTuneLlmCommandTest.entry("gpt-4.1", CONFIG, 300);
        List<TraceEntry> entries = new ArrayList<>(List.of(OsTuneLlmCommandTest.entry("gpt-4.1", CONFIG, 300)));
        for (int i = 0; i < 5; i++) {
            entries.add(TraceEntry.completed(slow.request(), slow.response(), 15_000, 30_000));
        }
        return entries;
    }

    /** Runs {@code ostune --llm actor} against a replay server of {@link #entries()}, stopped during its second decision. */
    private static SignalledRun.Result stopDuringTheSecondDecision(String... more) throws Exception {
        try (ReplayServer server = ReplayServer.builder(entries()).fallback(ReplayServer.Fallback.ORDER).timeScale(1)
                .start()) {
            return stopAtTheSecondRequest(server, more);
        }
    }

    /** Runs {@code ostune --llm actor} against {@code server}, stopped once its second request came. */
    private static SignalledRun.Result stopAtTheSecondRequest(ReplayServer server, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("ostune", "--knob", "simulated", "--mode", "actor-only",
                "--seconds", "120", "--llm", "actor", "--actor-endpoint", server.baseUrl().toString(), "--actor-model",
                "gpt-4.1", "--actor-gap", "1"));
        args.addAll(List.of(more));
        return SignalledRun.run(line -> line.contains("ostune (seconds): ") && SignalledRun.requestsCame(server, 2),
                args.toArray(String[]::new));
    }

    @Test
    void theDecisionUnderWayIsInTheSpendOfAStoppedJsonRun() throws Exception {
        SignalledRun.Result r = stopDuringTheSecondDecision("--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        JsonNode o = CanonicalJson.parse(r.out());
        assertThat(o.get("calls_under_way").asInt()).isEqualTo(1);
        // the answered decision's 300 prompt tokens and the hanging one's (estimated) prompt; was 300
        assertThat(o.get("prompt_tokens").asLong()).isGreaterThan(300);
        assertThat(o.get("completion_tokens").asLong()).isEqualTo(40);
        assertThat(r.err()).contains("(including the decisions under way at the signal: 1 call, charged what they "
                + "had consumed, as cancelled calls are)");
    }

    @Test
    void theDecisionUnderWayIsInTheSpendOfAStoppedTextRun() throws Exception {
        SignalledRun.Result r = stopDuringTheSecondDecision("--quiet");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        Matcher spent = Pattern.compile("its agents' decisions spent (\\d+) prompt \\+ 40 completion tokens, "
                + "\\$\\d+\\.\\d{4} \\(including the decisions under way at the signal: 1 call, charged what they had "
                + "consumed, as cancelled calls are\\)").matcher(r.err());
        assertThat(spent.find()).as(r.err()).isTrue();
        assertThat(Long.parseLong(spent.group(1))).isGreaterThan(300);
    }

    /**
     * The first answer breaks the contract and its correction hangs: the answered call's usage is the decision's,
     * which is charged only when the decision ends, so it was neither under way nor charged at the signal and the
     * stopped run printed 0 completion tokens. Every call is now counted once.
     */
    @Test
    void theRefusedAnswerOfADecisionStillBeingCorrectedIsInTheSpendOnce() throws Exception {
        TraceEntry refused = OsTuneLlmCommandTest.entry("gpt-4.1", "I would try 8.", 300);
        List<TraceEntry> entries = new ArrayList<>(List.of(refused));
        for (int i = 0; i < 5; i++) {
            entries.add(TraceEntry.completed(refused.request(), refused.response(), 15_000, 30_000));
        }
        SignalledRun.Result r;
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(1)
                .start()) {
            r = stopAtTheSecondRequest(server, "--json");
        }
        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        JsonNode o = CanonicalJson.parse(r.out());
        assertThat(o.get("calls_under_way").asInt()).isEqualTo(1);
        assertThat(o.get("completion_tokens").asLong()).isEqualTo(40); // the refused answer's, once; was 0
        assertThat(o.get("prompt_tokens").asLong()).isGreaterThan(300); // its 300 and the correction's prompt
    }
}
