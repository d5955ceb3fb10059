package dev.specagent.cli.hotpotqa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.HeldAtLine;
import dev.specagent.cli.Main;
import dev.specagent.cli.SignalledRun;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.hotpotqa.corpus.LocalWiki;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.specagent.cli.hotpotqa.HotpotqaCommandTest.answer;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code specagent hotpotqa} ended by a signal (a child JVM sent SIGTERM during its second question). */
class HotpotqaSignalTest {

    @Test
    void aRunStoppedByASignalPrintsTheQuestionsItAnsweredAndKeepsItsTraceWhole(@TempDir Path dir) throws Exception {
        // d0 is answered at once (three actor calls); d1's first actor call takes 30 s: the signal comes during it.
        // Before, a --json run ended with nothing on stdout.
        List<TraceEntry> entries = new ArrayList<>(List.of(
                answer("gpt-4.1", "Thought 1: Derrickson first.\nAction 1: Search[Scott Derrickson]"),
                answer("gpt-4.1", "Thought 2: Now Ed Wood.\nAction 2: Search[Ed Wood]"),
                answer("gpt-4.1", "Thought 3: Both are American.\nAction 3: Finish[yes]")));
        TraceEntry slow = answer("gpt-4.1", "Thought 1: hmm.\nAction 1: Finish[no]");
        entries.add(TraceEntry.completed(slow.request(), slow.response(), 15_000, 30_000));
        Path trace = dir.resolve("run.jsonl");
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(1)
                .start()) {
            SignalledRun.Result r = SignalledRun.run(line -> line.startsWith("hotpotqa (questions): 1/2"),
                    "hotpotqa", "--ids", "d0,d1", "--speculator", "none", "--search-latency", "0",
                    "--actor-endpoint", server.baseUrl().toString(), "--actor-model", "gpt-4.1",
                    "--record", trace.toString(), "--json");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
            assertThat(r.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(5);
            JsonNode json = CanonicalJson.parse(r.out());
            assertThat(json.path("questions")).hasSize(1);
            assertThat(json.path("questions").get(0).path("answer").asText()).isEqualTo("yes");
            assertThat(json.path("totals").path("questions").asInt()).isEqualTo(1);
            assertThat(json.path("stopped").asText()).startsWith("stopped by a signal (SIGTERM) after 1 of 2 "
                    + "questions, during d1 (");
            assertThat(r.err()).contains("specagent: stopped by a signal (SIGTERM) after 1 of 2 questions, during d1");
        }
        // the recording holds d0's three calls (and d1's, cancelled by the signal, when its line came before the
        // JVM's end), each a whole line: a later --replay of it reads them all
        List<TraceEntry> recorded = TraceReader.read(trace);
        assertThat(recorded.size()).isBetween(3, 4);
        assertThat(recorded.subList(0, 3)).allMatch(e -> e.outcome().equals("completed"));
        assertThat(recorded.subList(3, recorded.size())).allMatch(e -> e.outcome().equals("cancelled"));
    }

    /**
     * A signal while the data loads (seconds: the questions, the recorded runs, the wiki's index), signalled as the
     * wiki's class is loaded (the JVM's class-loading log on standard error), before its index is built: the stop is
     * said as such and {@code --json} prints its object. Before, the interrupt failed the loading ("stopped by a
     * signal (SIGTERM): org.apache.lucene.util.ThreadInterruptedException: java.lang.InterruptedException", or nothing
     * when the JVM ended first) and stdout stayed empty.
     */
    @Test
    void aSignalWhileTheDataLoadsIsAStopBeforeTheFirstQuestion() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(answer("actor-m", "Thought 1: hmm.\nAction 1: "
                + "Finish[no]"))).fallback(ReplayServer.Fallback.ORDER).timeScale(1).start()) {
            SignalledRun.Result r = SignalledRun.run(Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:stderr"),
                    Main.class, line -> line.contains(" " + LocalWiki.class.getName() + " "), "hotpotqa",
                    "--ids", "d0", "--speculator", "none", "--search-latency", "0", "--actor-endpoint",
                    server.baseUrl().toString(), "--actor-model", "actor-m", "--json");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
            String stopped = "stopped by a signal (SIGTERM) as the data loaded, before the first question";
            assertThat(r.out()).as(r.err()).isNotBlank();
            JsonNode json = CanonicalJson.parse(r.out());
            assertThat(json.path("questions")).isEmpty();
            assertThat(json.path("stopped").asText()).isEqualTo(stopped);
            assertThat(r.err()).contains("specagent: " + stopped).doesNotContain("Exception:");
            assertThat(server.requests()).isZero();
        }
    }

    /**
     * A signal after the last question ended (the command held there until the signal's interrupt) finds every
     * question answered: they are printed, with the stop said on standard error, and no report is written. Before, the
     * command printed them as a whole run without a word of the signal and replaced the previous report.
     */
    @Test
    void aSignalAfterTheLastQuestionPrintsThemAllButWritesNoReport(@TempDir Path dir) throws Exception {
        List<TraceEntry> entries = List.of(
                answer("gpt-4.1", "Thought 1: Derrickson first.\nAction 1: Search[Scott Derrickson]"),
                answer("gpt-4.1", "Thought 2: Now Ed Wood.\nAction 2: Search[Ed Wood]"),
                answer("gpt-4.1", "Thought 3: Both are American.\nAction 3: Finish[yes]"));
        Path report = Files.writeString(dir.resolve("hotpotqa.html"), "the previous report");
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(1)
                .start()) {
            String last = "hotpotqa (questions): 1/1";
            SignalledRun.Result r = SignalledRun.run(HeldAtLine.class, line -> line.startsWith(last), last,
                    "hotpotqa", "--ids", "d0", "--speculator", "none", "--search-latency", "0",
                    "--actor-endpoint", server.baseUrl().toString(), "--actor-model", "gpt-4.1", "--json",
                    "--report", report.toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
            JsonNode json = CanonicalJson.parse(r.out());
            assertThat(json.path("questions")).hasSize(1);
            assertThat(json.path("questions").get(0).path("answer").asText()).isEqualTo("yes");
            assertThat(r.err()).contains("specagent: stopped by a signal (SIGTERM) after 1 of 1 questions; no report "
                    + "written");
        }
        assertThat(Files.readString(report)).isEqualTo("the previous report");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("hotpotqa.html");
        }
    }

    /**
     * A signal during a search whose observation the LLM speculator is still guessing: the guess call under way is in
     * what the stopped question spent, charged what it had consumed (its prompt), as a cancelled call is. Before, the
     * speculation nobody had read was in no ledger entry and the spend was the actor's think alone.
     */
    @Test
    void theSpeculationUnderWayIsInTheSpendOfAStoppedQuestion(@TempDir Path dir) throws Exception {
        TraceEntry guess = answer("gpt-4.1-nano", "Scott Derrickson is an American director.");
        List<TraceEntry> entries = List.of(
                answer("actor-m", "Thought 1: Derrickson first.\nAction 1: Search[Scott Derrickson]"),
                TraceEntry.completed(guess.request(), guess.response(), 15_000, 30_000));
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(1)
                .start()) {
            // signalled once the guess of the first search's observation hangs on the server (the search takes 20 s),
            // after the warning that the actor's model has no price (the first line on stderr)
            SignalledRun.Result r = SignalledRun.run(line -> line.contains("actor-m has no price")
                            && SignalledRun.requestsCame(server, 2), "hotpotqa", "--ids", "d0", "--speculator", "llm",
                    "--search-latency", "20", "--actor-endpoint", server.baseUrl().toString(), "--actor-model", "actor-m",
                    "--speculator-model", "gpt-4.1-nano", "--json");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
            JsonNode json = CanonicalJson.parse(r.out());
            Matcher spent = Pattern.compile("stopped by a signal \\(SIGTERM\\) after 0 of 1 "
                    + "questions, during d0 \\((\\d+) prompt \\+ 30 completion tokens, \\$\\d+\\.\\d{4} spent on d0, "
                    + "its speculation under way or unread at the end included, charged what it had consumed, as "
                    + "cancelled calls are\\)").matcher(json.path("stopped").asText());
            assertThat(spent.matches()).as(r.out() + r.err()).isTrue();
            // the actor's think (1000 prompt tokens, free) and the guess's prompt (priced); was the think's 1000 alone
            assertThat(Long.parseLong(spent.group(1))).isGreaterThan(1000);
            assertThat(json.path("failed_cost_usd").asDouble()).isPositive();
        }
    }

}
