package dev.specagent.cli.hotpotqa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.specagent.cli.hotpotqa.HotpotqaCommandTest.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An answered question whose last search leaves a speculation pipeline nobody reads (d0 with {@code --max-steps 2}:
 * the drafted search of Ed Wood is adopted at step 2, and the draft made from its guessed observation is never read):
 * what that draft cost is in the question's tokens, cost and unnecessary cost, and in the totals. Before, it was
 * cancelled at the end of the episode and left out of every figure.
 */
class HotpotqaUnreadSpeculationTest {

    private static final double THINK = PriceTable.builtIn().find("gpt-4.1").orElseThrow().cost(1000, 0, 30);
    private static final double DRAFT = PriceTable.builtIn().find("gpt-4.1-nano").orElseThrow().cost(1000, 0, 30);

    /** The actor thinks 1.5 s (so every draft is ready before it answers); the drafts come at once. */
    private static List<TraceEntry> answers() {
        TraceEntry think1 = answer("gpt-4.1", "Thought 1: I need both nationalities.\nAction 1: Search[Scott Derrickson]");
        TraceEntry think2 = answer("gpt-4.1", "Thought 2: Derrickson is American. Now Ed Wood.\nAction 2: Search[Ed Wood]");
        return List.of(TraceEntry.completed(think1.request(), think1.response(), 750, 1500),
                TraceEntry.completed(think2.request(), think2.response(), 750, 1500),
                answer("gpt-4.1-nano", "Action 2: Search[Ed Wood]"),
                answer("gpt-4.1-nano", "Action 3: Finish[yes]"));
    }

    private static CliTestSupport.Result run(String... more) throws Exception {
        try (ReplayServer server = ReplayServer.builder(answers()).fallback(ReplayServer.Fallback.ORDER).timeScale(1)
                .start()) {
            List<String> args = new ArrayList<>(List.of("hotpotqa", "--ids", "d0", "--max-steps", "2",
                    "--speculator", "local", "--k", "1", "--search-latency", "0.3", "--drafter", "speculator",
                    "--api-key-env", "none", "--actor-endpoint", server.baseUrl().toString(), "--actor-model", "gpt-4.1",
                    "--speculator-model", "gpt-4.1-nano"));
            args.addAll(List.of(more));
            CliTestSupport.Result r = CliTestSupport.run(args.toArray(String[]::new));
            assertThat(server.requests()).as(r.err()).isEqualTo(4);
            return r;
        }
    }

    @Test
    void theUnreadDraftIsInTheQuestionsFiguresAndTheTotals(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("hotpotqa.html");
        CliTestSupport.Result r = run("--json", "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = r.json();
        JsonNode q = json.get("questions").get(0);
        assertThat(q.get("steps")).hasSize(2);
        assertThat(q.get("answer").isNull()).isTrue();
        JsonNode f = q.get("figures");
        assertThat(f.get("hits").asLong()).isEqualTo(1);
        // two thinks and two drafts, the second unread (was 3000 prompt + 90 completion tokens, 3 thinks and drafts)
        assertThat(f.get("prompt_tokens").asLong()).isEqualTo(4000);
        assertThat(f.get("completion_tokens").asLong()).isEqualTo(120);
        assertThat(f.get("cost_usd").asDouble()).isCloseTo(2 * THINK + 2 * DRAFT, within(1e-12));
        assertThat(f.get("sequential_cost_usd").asDouble()).isCloseTo(2 * THINK, within(1e-12));
        assertThat(f.get("unnecessary_cost_usd").asDouble()).isCloseTo(2 * DRAFT, within(1e-12));
        // the ledger's totals add up: the unread pipeline is one more attempt, wasted (its draft was ready, unread)
        assertThat(f.get("wasted_attempts").asLong()).isPositive();
        assertThat(f.get("committed_attempts").asLong() + f.get("wasted_attempts").asLong()
                + f.get("cancelled_attempts").asLong()).isEqualTo(f.get("attempts").asLong());
        assertThat(f.get("sequential_cost_usd").asDouble() + f.get("unnecessary_cost_usd").asDouble())
                .isCloseTo(f.get("cost_usd").asDouble(), within(1e-12));
        JsonNode t = json.get("totals");
        assertThat(t.get("cost_usd").asDouble()).isEqualTo(f.get("cost_usd").asDouble());
        assertThat(t.get("speculation_cost_usd").asDouble()).isEqualTo(f.get("unnecessary_cost_usd").asDouble());
        assertThat(ReportPages.cell(report, "Questions", 0, "prompt tokens")).isEqualTo("4000");
        assertThat(ReportPages.cell(report, "Questions", 0, "cost"))
                .isEqualTo(String.format(Locale.ROOT, "$%.4f", 2 * THINK + 2 * DRAFT));
        assertThat(ReportPages.cell(report, "Questions", 0, "unnecessary cost"))
                .isEqualTo(String.format(Locale.ROOT, "$%.4f", 2 * DRAFT));
    }

    @Test
    void theTextTotalsCountTheUnreadDraft() throws Exception {
        CliTestSupport.Result r = run();
        assertThat(r.exitCode()).as(r.err()).isZero();
        // $0.0047 (of which speculation $0.0002); was $0.0046 (of which $0.0001)
        assertThat(r.out()).contains(String.format(Locale.ROOT, "cost $%.4f%n", 2 * THINK + 2 * DRAFT))
                .contains(String.format(Locale.ROOT, "cost $%.4f (of which speculation $%.4f)", 2 * THINK + 2 * DRAFT,
                        2 * DRAFT));
    }
}
