package dev.specagent.cli.dsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.CliTestSupport.Result;
import dev.specagent.cli.Main;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.planning.sweep.DraftClassifierCurve;
import dev.specagent.llm.agent.LlmTextEmbedder;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.specagent.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code specagent dsp sweep} and {@code dsp run} end to end through picocli. */
class DspCommandTest {

    @Test
    void sweepJsonHasOneObjectPerPolicyAndWritesThePlot(@TempDir Path dir) throws Exception {
        Path plot = dir.resolve("frontier.svg");
        Result r = run("dsp", "sweep", "--world", "synthetic", "--tasks", "30", "--seed", "4", "--json",
                "--plot", plot.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        List<String> policies = new ArrayList<>();
        rows.forEach(row -> policies.add(row.get("policy").asText()));
        assertThat(policies).contains("fix-2", "fix-4", "fix-6", "dyn-tau0.5", "dyn-tau0.99", "dyn-offset2", "oracle");
        for (JsonNode row : rows) {
            for (String field : List.of("time_ratio", "cost_ratio", "unnecessary_cost_ratio", "mc", "k")) {
                assertThat(row.has(field)).as(row.get("policy") + " " + field).isTrue();
            }
        }
        assertThat(Files.readString(plot)).startsWith("<svg").contains("fix-6").contains("oracle");
        Result again = run("dsp", "sweep", "--world", "synthetic", "--tasks", "30", "--seed", "4", "--json");
        assertThat(again.out()).isEqualTo(r.out());
    }

    @Test
    void runPrintsOnePolicyAgainstTargetOnly() {
        Result r = run("dsp", "run", "--world", "synthetic", "--tasks", "10", "--policy", "fix-3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("target-only").contains("fix-3");
    }

    @Test
    void liveTaskRangeOutsideTheTaskFileSaysWhatIsAllowed() {
        Result r = run("dsp", "live", "--api-key-env", "none", "--actor-endpoint", "http://127.0.0.1:9/v1", "--tasks", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--tasks at least 1");
    }

    @Test
    void liveTaskRangeThatOverflowsAnIntIsBadInputNotABug() {
        // --first + --tasks - 1 past Integer.MAX_VALUE wrapped negative, passed the check and failed in subList (exit 1)
        Result r = run("dsp", "live", "--api-key-env", "none", "--actor-endpoint", "http://127.0.0.1:9/v1",
                "--first", "2", "--tasks", String.valueOf(Integer.MAX_VALUE));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--first 2 --tasks 2147483647: the task file has").doesNotContain("Exception");
    }

    /**
     * {@code --first} names a line of the task file, as task ids do ({@code openagi-<line>}); blank lines hold no task.
     * It used to count tasks instead, so past a blank line it planned the task of a later line than asked.
     */
    @Test
    void liveFirstNamesALineOfTheTaskFilePastBlankLines(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("dsp"));
        Files.writeString(data.resolve("dsp/openagi_task_description.txt"), "Task one.\n\nTask three.\nTask four.\n");
        try (var server = twoAnswerTarget()) {
            // target-only plans the task of line 3 (its one ReAct step); the policy's run then fails on it
            Result r = CliTestSupport.runWithData(data, "dsp", "live", "--actor-endpoint", server.baseUrl().toString(),
                    "--api-key-env", "none", "--actor-model", "t-m", "--speculator-model", "a-m", "--first", "3",
                    "--tasks", "1", "--max-steps", "3", "--policy", "fix-2", "--json");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
            assertThat(new ObjectMapper().readTree(r.out()).get("error").asText())
                    .startsWith("planning 'openagi-3' failed");
        }
        Result tooMany = CliTestSupport.runWithData(data, "dsp", "live", "--api-key-env", "none", "--actor-endpoint",
                "http://127.0.0.1:9/v1", "--first", "2", "--tasks", "3");
        assertThat(tooMany.exitCode()).as(tooMany.err()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--first 2 --tasks 3: the task file has 3 tasks, 2 of them on line 2 or "
                + "after");
    }

    @Test
    void liveEmbeddingsOptionsAreCheckedBeforeAnyPlanning() throws Exception {
        Result noModel = run("dsp", "live", "--api-key-env", "none", "--embeddings-endpoint", "http://127.0.0.1:9/v1");
        assertThat(noModel.exitCode()).isEqualTo(2);
        assertThat(noModel.err()).contains("--embeddings-endpoint needs --embeddings-model");
        Result notHttp = run("dsp", "live", "--api-key-env", "none", "--embeddings-model", "e-m",
                "--embeddings-endpoint", "ftp://127.0.0.1:9/v1");
        assertThat(notHttp.exitCode()).as(notHttp.err()).isEqualTo(2);
        assertThat(notHttp.err()).contains("--embeddings-endpoint: endpoint must be an http(s) URL")
                .contains("ftp://127.0.0.1:9/v1");
        // picocli read it as a URI: "cannot convert 'http://x y' to URI (java.net.URISyntaxException: Illegal ...)"
        Result notUrl = run("dsp", "live", "--api-key-env", "none", "--embeddings-model", "e-m",
                "--embeddings-endpoint", "http://x y");
        assertThat(notUrl.exitCode()).as(notUrl.err()).isEqualTo(2);
        assertThat(notUrl.err()).contains("--embeddings-endpoint is not a URL: http://x y").doesNotContain("Exception");
        try (var server = twoAnswerTarget()) {
            Result cannotEmbed = run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env",
                    "none", "--actor-model", "t-m", "--speculator-model", "a-m", "--embeddings-model", "e-m");
            assertThat(cannotEmbed.exitCode()).as(cannotEmbed.err()).isEqualTo(2);
            assertThat(cannotEmbed.err()).contains("--embeddings-model: model e-m: HTTP 404").contains("/v1/embeddings")
                    .doesNotContain("e-m: model e-m");
            assertThat(server.requests()).as("no chat call was made").isEqualTo(1);
        }
    }

    @Test
    void liveRefusesEveryPolicyThatNeedsHindsightBeforeAnyModelCall() throws Exception {
        for (String policy : List.of("oracle", "oracle-lean", "rate-oracle-theta0.1", "partial-oracle-sched-v0.7",
                "clf-oracle-sched-v0.3-fnr0.02-fpr0.2")) {
            try (var server = plansThatEndAtOnce()) {
                Result r = run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                        "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "1", "--max-steps", "3",
                        "--policy", policy);
                assertThat(r.exitCode()).as(policy + ": " + r.err()).isEqualTo(2);
                assertThat(r.err()).contains("--policy").contains("'" + policy + "'");
                assertThat(server.requests()).as("no model call for " + policy).isZero();
            }
        }
    }

    @Test
    void liveChecksTheReportFileBeforeAnyModelCall(@TempDir Path dir) throws Exception {
        // the report's missing folders are created when it is written; a file in their place is not
        Path underFile = Files.writeString(dir.resolve("plain.txt"), "x").resolve("reports").resolve("live.html");
        for (Path report : List.of(underFile, dir)) {
            try (var server = plansThatEndAtOnce()) {
                Result r = run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                        "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "1", "--max-steps", "3",
                        "--policy", "fix-2", "--report", report.toString());
                assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
                assertThat(r.err()).contains("--report: cannot write " + report + ": ");
                assertThat(r.out()).as("no table printed").isEmpty();
                assertThat(server.requests()).as("no model call for --report " + report).isZero();
            }
        }
    }

    @Test
    void liveKeepsWhatFinishedWhenARunFails() throws Exception {
        // The target model answers two calls in order (a ReAct step that ends the plan), then nothing more.
        // One task: target-only planning finishes, the policy's run fails on its first target call.
        try (var server = twoAnswerTarget()) {
            Result r = live(server, "1");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
            assertThat(r.err()).contains("planning 'openagi-1' failed").doesNotContain("Exception");
            JsonNode o = new ObjectMapper().readTree(r.out());
            assertThat(o.get("failed_run").asText()).isEqualTo("fix-2");
            assertThat(o.get("target_only").get("policy").asText()).isEqualTo("target-only");
            // what the finished target-only run spent, as a stopped run says it: its one ReAct step (two requests)
            JsonNode targetOnlySpent = o.get("target_only_spent");
            assertThat(targetOnlySpent.get("agent_calls").asLong()).isEqualTo(1);
            assertThat(targetOnlySpent.get("prompt_tokens").asLong()).isPositive();
            assertThat(targetOnlySpent.has("cost_usd") && targetOnlySpent.has("unnecessary_cost_usd")
                    && targetOnlySpent.has("time_seconds")).isTrue();
            assertThat(o.get("finished_plans")).isEmpty();
        }
        try (var server = twoAnswerTarget()) {
            Result r = run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                    "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "1", "--max-steps", "3",
                    "--policy", "fix-2");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
            // the target-only line (no failed task in it), then the failed run's
            assertThat(r.out()).containsPattern("(?m)^target-only spent: 1 agent call, [1-9]\\d* prompt \\+ "
                    + "[1-9]\\d* generated tokens, \\$\\d+\\.\\d{6} \\(unnecessary \\$\\d+\\.\\d{6}\\), \\d+\\.\\d{3} s\\R"
                    + "fix-2 spent: .*\\(the failed task's calls included\\)");
        }
        // Two tasks: target-only finishes the first and fails on the second; the first plan is kept.
        try (var server = twoAnswerTarget()) {
            Result r = live(server, "2");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
            assertThat(r.err()).contains("planning 'openagi-2' failed").contains("after 1 finished tasks");
            JsonNode o = new ObjectMapper().readTree(r.out());
            assertThat(o.get("failed_run").asText()).isEqualTo("target-only");
            assertThat(o.get("target_only").isNull()).isTrue();
            assertThat(o.get("target_only_spent").isNull()).isTrue();
            assertThat(o.get("finished_plans")).hasSize(1);
            assertThat(o.get("finished_plans").get(0).get("task").asText()).isEqualTo("openagi-1");
            assertThat(o.get("finished_plans").get(0).get("steps").isArray()).isTrue();
            // what the failed run spent: task 1's ReAct step (two answered requests), task 2's failed step
            JsonNode spent = o.get("failed_run_spent");
            assertThat(spent.get("agent_calls").asLong()).isEqualTo(2);
            assertThat(spent.get("prompt_tokens").asLong()).isPositive();
            assertThat(spent.get("generation_tokens").asLong()).isPositive();
            assertThat(spent.has("cost_usd") && spent.has("unnecessary_cost_usd") && spent.has("time_seconds")).isTrue();
        }
        try (var server = twoAnswerTarget()) {
            Result r = run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                    "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "2", "--max-steps", "3",
                    "--policy", "fix-2");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
            assertThat(r.out()).containsPattern("target-only spent: 2 agent calls, [1-9]\\d* prompt \\+ [1-9]\\d* "
                    + "generated tokens, \\$\\d+\\.\\d{6} \\(unnecessary \\$\\d+\\.\\d{6}\\), \\d+\\.\\d{3} s "
                    + "\\(the failed task's calls included\\)");
        }
    }

    private static Result live(ReplayServer server, String tasks) {
        return run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", tasks, "--max-steps", "3",
                "--policy", "fix-2", "--json");
    }

    @Test
    void liveWithStateEmbeddingsReportsThemAndSaysWhenThePolicyDoesNotUseThem() throws Exception {
        for (String policy : List.of("dyn-tau0.99", "fix-2")) {
            try (var server = plansThatEndAtOnce()) {
                Result r = run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                        "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "1", "--max-steps", "3",
                        "--policy", policy, "--embeddings-model", "e-m");
                assertThat(r.exitCode()).as(r.err()).isZero();
                assertThat(r.out()).contains("plans: identical to target-only")
                        .contains("state embeddings (e-m, 2 dimensions): ").contains("0 failed")
                        .contains("target-only spent: 1 agent call, ").contains(policy + " spent: ")
                        .contains("both runs: $");
                if (policy.equals("fix-2")) {
                    assertThat(r.out()).contains("note: fix-2 does not use state embeddings");
                } else {
                    assertThat(r.out()).doesNotContain("note:").doesNotContain(": 1 requests");
                }
            }
        }
    }

    /**
     * Every plan is {@code TERMINATE} at once: the target (ReAct) thinks, then acts; the approximation drafts
     * TERMINATE; the embeddings model answers its probe by hash and any state in order.
     */
    static ReplayServer plansThatEndAtOnce() throws IOException {
        List<TraceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            entries.add(answer("t-m", "Thought: nothing to do."));
            entries.add(answer("t-m", "Action: TERMINATE"));
            entries.add(answer("a-m", "TERMINATE"));
        }
        entries.add(TraceEntry.embeddings("e-m",
                List.of(LlmTextEmbedder.PROBE), List.of(new double[] {1, 0}), 3, 1));
        for (int i = 0; i < 8; i++) {
            entries.add(TraceEntry.embeddings("e-m", List.of("state " + i),
                    List.of(new double[] {i, 1}), 20, 1));
        }
        return ReplayServer.builder(entries)
                .fallback(ReplayServer.Fallback.ORDER).timeScale(0).start();
    }

    /**
     * A speculator whose every draft names no tool is only waste, so the run goes on, but the user is told how
     * many drafts failed and why (the target's ReAct step is slow, so the draft surely answers before it ends).
     */
    @Test
    void liveSaysWhenTheSpeculatorsDraftsFail() throws Exception {
        List<TraceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            entries.add(answer("t-m", "Thought: nothing to do.", 400));
            entries.add(answer("t-m", "Action: TERMINATE", 400));
        }
        entries.add(answer("a-m", "I would rather not say.", 1));
        try (var server = ReplayServer.builder(entries)
                .fallback(ReplayServer.Fallback.ORDER).start()) {
            Result r = run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                    "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "1", "--max-steps", "3",
                    "--policy", "fix-2");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("plans: identical to target-only");
            assertThat(r.err()).contains("the speculator (model a-m, DIRECT agent) failed 1 of its 1 drafts (each only "
                    + "waste: the target's step was committed); the first: model a-m (DIRECT agent), task 'openagi-1', "
                    + "step 1: the answer names none of the 15 OpenAGI tools nor TERMINATE: 'I would rather not say.'");
        }
    }

    /** A plan the step limit cuts before TERMINATE is said to be cut, in both runs; a finished one is not. */
    @Test
    void liveSaysWhichPlansTheStepLimitCut() throws Exception {
        List<TraceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // every answer, thought or action, names the same tool: order does not matter
            entries.add(answer("t-m", "Action: Colorization"));
            entries.add(answer("a-m", "Colorization"));
        }
        try (var server = ReplayServer.builder(entries)
                .fallback(ReplayServer.Fallback.ORDER).timeScale(0).start()) {
            Result r = run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                    "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "1", "--max-steps", "2",
                    "--policy", "fix-2");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("plans: identical to target-only")
                    .contains("note: plans cut at --max-steps 2 without TERMINATE: 1 of 1 target-only, 1 of 1 fix-2");
        }
        try (var server = plansThatEndAtOnce()) {
            Result r = run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                    "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "1", "--max-steps", "2",
                    "--policy", "fix-2");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).doesNotContain("plans cut");
        }
    }

    private static TraceEntry answer(String model, String content) {
        return answer(model, content, 2);
    }

    private static TraceEntry answer(String model, String content, double totalMs) {
        var body = WireFormat.requestBody(ChatRequest.ofUser(
                content), LlmEndpoint.of("http://127.0.0.1:1/v1", model));
        var response = CanonicalJson.object("id", "c", "object", "chat.completion",
                "created", 1L, "model", model);
        var choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        return TraceEntry.completed(body, response, totalMs / 2, totalMs);
    }

    private static ReplayServer twoAnswerTarget() throws IOException {
        var request = ChatRequest.ofUser("any");
        List<TraceEntry> entries = new ArrayList<>();
        for (String content : List.of("Thought: nothing to do.", "Action: TERMINATE")) {
            var body = WireFormat.requestBody(request,
                    LlmEndpoint.of("http://127.0.0.1:1/v1", "t-m"));
            var response = CanonicalJson.object("id", "c", "object", "chat.completion",
                    "created", 1L, "model", "t-m");
            var choice = response.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", content);
            choice.put("finish_reason", "stop");
            entries.add(TraceEntry.completed(body, response, 1, 2));
        }
        return ReplayServer.builder(entries)
                .fallback(ReplayServer.Fallback.ORDER).timeScale(0).start();
    }

    @Test
    void anyVerificationSchedulerRunsByName() {
        Result r = run("dsp", "run", "--world", "synthetic", "--tasks", "8", "--policy", "dyn-sched-v0.2-l0.05-d0.01", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("dyn-sched-v0.2-l0.05-d0.01").contains("time_ratio");
    }

    @Test
    void sweepComparesOnlyTheNamedPoliciesAndMarksYardsticks() throws Exception {
        Result r = run("dsp", "sweep", "--world", "synthetic", "--tasks", "20", "--seed", "2", "--json",
                "--policy", "rate-oracle-sched-v0.2", "--policy", "partial-oracle-sched-v0.5", "--policy",
                "bayes-oracle-sched-v0.1-e", "--policy", "clf-oracle-sched-v0.3-fnr0.02-fpr0.2", "--policy", "dyn-gate0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        List<String> names = new ArrayList<>();
        rows.forEach(row -> names.add(row.get("policy").asText()));
        assertThat(names).containsExactly("target-only", "fix-2", "fix-6", "oracle", "rate-oracle-sched-v0.2",
                "partial-oracle-sched-v0.5", "bayes-oracle-sched-v0.1-e", "clf-oracle-sched-v0.3-fnr0.02-fpr0.2", "dyn-gate0.1");
        assertThat(rows.get(4).has("cost_vs_fix2")).isTrue();
        Result text = run("dsp", "sweep", "--world", "synthetic", "--tasks", "20", "--seed", "2",
                "--policy", "partial-oracle-sched-v0.5");
        assertThat(text.out()).contains("partial-oracle-sched-v0.5").contains("goal met by a yardstick (not deployable)");
        Result unknown = run("dsp", "sweep", "--world", "synthetic", "--tasks", "5", "--policy", "rate-oracle-sched-v1.5");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--policy").contains("rate-oracle-sched-v1.5");
        Result bayesOnReplay = run("dsp", "sweep", "--world", "replay", "--tasks", "5", "--policy", "bayes-oracle-sched-v0.1");
        assertThat(bayesOnReplay.exitCode()).isEqualTo(2);
        assertThat(bayesOnReplay.err()).contains("--policy bayes-oracle-sched-v0.1").contains("--world synthetic");
    }

    @Test
    void curvePrintsBucketsOfEpisodes() throws Exception {
        Result r = run("dsp", "curve", "--world", "synthetic", "--tasks", "40", "--policy", "dyn-tau0.5",
                "--buckets", "4", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertThat(rows.size()).isEqualTo(4);
        assertThat(rows.get(0).get("mean_oracle_k").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(rows.get(3).has("mean_abs_error")).isTrue();
        assertThat(run("dsp", "curve", "--world", "synthetic", "--policy", "x").exitCode()).isEqualTo(2);
        Result bayesOnReplay = run("dsp", "curve", "--world", "replay", "--tasks", "5", "--policy", "bayes-oracle-sched-v0.1");
        assertThat(bayesOnReplay.exitCode()).as(bayesOnReplay.err()).isEqualTo(2);
        assertThat(bayesOnReplay.err()).contains("--policy bayes-oracle-sched-v0.1").contains("--world synthetic");
    }

    @Test
    void draftsHindsightOverOneTaskNamesTheOptions() {
        // leave-one-task-out of a single task trains on nothing: it failed naming no option ("epochs, batch size, ...")
        Result lonely = run("dsp", "drafts", "--world", "synthetic", "--tasks", "1", "--hindsight");
        assertThat(lonely.exitCode()).as(lonely.err()).isEqualTo(2);
        assertThat(lonely.err()).contains("--hindsight").contains("--tasks at least 2").doesNotContain("epochs");
        Result two = run("dsp", "drafts", "--world", "synthetic", "--tasks", "2", "--hindsight");
        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(two.out()).contains("loo-");
    }

    @Test
    void draftsPrintsEachClassifiersCurveOnTheSameLabels() throws Exception {
        Result r = run("dsp", "drafts", "--world", "synthetic", "--tasks", "25", "--seed", "3", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        List<String> names = new ArrayList<>();
        rows.forEach(row -> names.add(row.get("classifier").asText() + "/" + row.get("drafts").asText()));
        assertThat(names).containsExactly("acceptance/all", "target-policy/all", "stacked/all",
                "acceptance/tools", "target-policy/tools", "stacked/tools");
        JsonNode first = rows.get(0);
        assertThat(first.get("right").asInt() + first.get("wrong").asInt()).isPositive();
        // one object per share of right drafts held, named fields (the rates were object keys, "0.03")
        JsonNode points = first.get("fpr_at_fnr");
        assertThat(points.isArray()).as(first.toString()).isTrue();
        List<Double> fnr = new ArrayList<>();
        points.forEach(p -> fnr.add(p.get("fnr").asDouble()));
        assertThat(fnr).isEqualTo(Arrays.stream(
                DraftClassifierCurve.MISS_RATES).boxed().toList());
        points.forEach(p -> assertThat(p.get("fpr").isNull() || p.get("fpr").asDouble() >= 0 && p.get("fpr").asDouble() <= 1)
                .as(p.toString()).isTrue());
        Result text = run("dsp", "drafts", "--world", "synthetic", "--tasks", "10", "--driver", "stacked");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("FNR  3%").contains("target-policy");
        Result driver = run("dsp", "drafts", "--world", "synthetic", "--driver", "oracle");
        assertThat(driver.exitCode()).isEqualTo(2);
        assertThat(driver.err()).contains("--driver");
        Result gate = run("dsp", "drafts", "--world", "synthetic", "--verify-gate", "0.1", "--draft-gate", "0.2");
        assertThat(gate.exitCode()).isEqualTo(2);
        assertThat(gate.err()).contains("--draft-gate");
        Result tsched = run("dsp", "run", "--world", "synthetic", "--tasks", "8", "--policy", "dyn-tsched-v0.0003-d0.0001");
        assertThat(tsched.exitCode()).as(tsched.err()).isZero();
    }

    @Test
    void everyOfflineSubcommandNamesItsWorldTasksAndSeedInItsHeadingAndTitles(@TempDir Path dir) throws Exception {
        String world = "synthetic world, 4 tasks, seed 3";
        Path plot = dir.resolve("frontier.svg");
        Path sweepReport = dir.resolve("sweep.html");
        Result sweep = run("dsp", "sweep", "--world", "synthetic", "--tasks", "4", "--seed", "3", "--policy", "fix-4",
                "--plot", plot.toString(), "--report", sweepReport.toString());
        assertThat(sweep.exitCode()).as(sweep.err()).isZero();
        assertThat(sweep.out()).startsWith("DSP sweep: " + world + "\n");
        assertThat(Files.readString(plot)).contains("DSP time-cost frontier, " + world);
        assertThat(Files.readString(sweepReport)).contains(world);
        Path runReport = dir.resolve("run.html");
        Result single = run("dsp", "run", "--world", "synthetic", "--tasks", "4", "--seed", "3", "--policy", "fix-3",
                "--report", runReport.toString());
        assertThat(single.exitCode()).as(single.err()).isZero();
        assertThat(Files.readString(runReport)).contains("fix-3, " + world);
        Path curveReport = dir.resolve("curve.html");
        Result curve = run("dsp", "curve", "--world", "synthetic", "--tasks", "4", "--seed", "3", "--policy",
                "dyn-tau0.5", "--buckets", "2", "--report", curveReport.toString());
        assertThat(curve.exitCode()).as(curve.err()).isZero();
        assertThat(curve.out()).startsWith("learning curve of dyn-tau0.5: " + world + "\n");
        assertThat(Files.readString(curveReport)).contains("dyn-tau0.5, " + world);
        Path draftsReport = dir.resolve("drafts.html");
        Result drafts = run("dsp", "drafts", "--world", "synthetic", "--tasks", "4", "--seed", "3",
                "--report", draftsReport.toString());
        assertThat(drafts.exitCode()).as(drafts.err()).isZero();
        String scheduler = world + ", scheduler dyn-sched-v0.01-d0.01 on acceptance";
        assertThat(drafts.out()).startsWith("draft classifiers: " + scheduler + "\n");
        assertThat(Files.readString(draftsReport)).contains(scheduler);
    }

    @Test
    void stepAndBucketLimitsNameTheirRange() {
        for (String steps : List.of("0", "101")) {
            Result r = run("dsp", "run", "--world", "synthetic", "--policy", "fix-3", "--max-steps", steps);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("specagent: --max-steps must be in 1..100, got " + steps + "\n");
        }
        for (String buckets : List.of("0", "101")) {
            Result r = run("dsp", "curve", "--world", "synthetic", "--policy", "fix-3", "--buckets", buckets);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("specagent: --buckets must be in 1..100, got " + buckets + "\n");
        }
        for (String steps : List.of("0", "51")) {
            Result r = run("dsp", "live", "--api-key-env", "none", "--max-steps", steps);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("specagent: --max-steps must be in 1..50, got " + steps + "\n");
        }
    }

    @Test
    void badOptionsExitWithTwoAndNameTheOption() {
        Result world = run("dsp", "sweep", "--world", "mars", "--tasks", "3");
        assertThat(world.exitCode()).isEqualTo(2);
        assertThat(world.err()).contains("--world");
        Result tasks = run("dsp", "sweep", "--world", "synthetic", "--tasks", "0");
        assertThat(tasks.exitCode()).isEqualTo(2);
        assertThat(tasks.err()).contains("--tasks");
        Result huge = run("dsp", "run", "--world", "synthetic", "--policy", "fix-3", "--tasks", "2000000000");
        assertThat(huge.exitCode()).as("a world too large for the heap").isEqualTo(2);
        assertThat(huge.err()).contains("--tasks 2000000000: the synthetic world draws at most 100000 tasks");
        Result policy = run("dsp", "run", "--world", "synthetic", "--policy", "fix-99");
        assertThat(policy.exitCode()).isEqualTo(2);
        assertThat(policy.err()).contains("--policy");
        Result inverted = run("dsp", "run", "--world", "synthetic", "--policy", "dyn-sched-v0.1-d0.3");
        assertThat(inverted.exitCode()).as("draft gate above the verify gate").isEqualTo(2);
        assertThat(inverted.err()).contains("--policy: dyn-sched-v0.1-d0.3: the draft gate 0.3 is above the verify "
                + "gate 0.1").doesNotContain("known:");
        Result malformed = run("dsp", "sweep", "--world", "synthetic", "--tasks", "3", "--policy", "dyn-tsched-vx-d0.05");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("--policy: dyn-tsched-vx-d0.05: in 'vx', the verify gate 'x' is not a number")
                .doesNotContain("known:");
        Result zeros = run("dsp", "run", "--world", "synthetic", "--tasks", "2", "--policy", "fix-007");
        assertThat(zeros.exitCode()).as("fix-007 is not run as fix-7 under a second name").isEqualTo(2);
        assertThat(zeros.err()).contains("--policy: fix-007: the depth k '007' has a leading zero; write fix-7");
        Result unknown = run("dsp", "run", "--world", "synthetic", "--policy", "dyn-tau0.x");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--policy: unknown policy 'dyn-tau0.x'; known: fix-<k> (k in 1..20), "
                + "dyn-sched-v<verify gate>");
        Result plot = run("dsp", "sweep", "--world", "synthetic", "--plot", "x.png");
        assertThat(plot.exitCode()).isEqualTo(2);
        assertThat(plot.err()).contains("--plot");
    }
}
