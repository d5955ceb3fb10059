package dev.specagent.cli.hotpotqa;

import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Notes;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.hotpotqa.corpus.HotpotDataset;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.replay.ConfigurationReplay;
import dev.specagent.envs.hotpotqa.replay.HotpotReplay;
import dev.specagent.envs.hotpotqa.replay.QuestionReplay;
import dev.specagent.envs.hotpotqa.replay.RunnerReplay;
import dev.specagent.envs.hotpotqa.record.RecordedRunReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code specagent replay hotpotqa}: recomputes, per actor/speculator/top-k folder of the recorded
 * HotpotQA runs, the match rates of the recorded {@code metrics.json} from the recorded actions, lists
 * the folders that lack one, and states what the records cannot support.
 */
@Command(name = "hotpotqa", mixinStandardHelpOptions = true,
        description = "Replays the recorded HotpotQA runs of the Speculative Actions paper: reproduces the match "
                + "rates of every metrics.json from the recorded actions, per actor/speculator/top-k folder; lists "
                + "the folders without one; scores the recorded answers (EM/F1); replays the recorded actions and "
                + "drafts on the speculative runner (hits = strict matches); states what the records cannot support.",
        footer = {"", "Examples:", "  specagent replay hotpotqa",
                "  specagent replay hotpotqa --runs ../shared/data/hotpotqa/speculative-actions-runs --json",
                "  specagent replay hotpotqa --report hotpotqa.html   (match-rate bars per configuration)",
                "", "Exit codes: 0 success, 1 a run failed, 2 bad input (option or record)."})
public final class HotpotqaReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--runs", paramLabel = "DIR",
            description = "The recorded runs (agent_<actor>_top<k>/trajs_<speculator>/<index>/); default: "
                    + "hotpotqa/speculative-actions-runs of the data directory.")
    Path runs;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @CommandLine.Mixin
    ReportOption reportOption;

    @Override
    public Integer call() throws Exception {
        Path dir = runs != null ? runs : DataDirectory.require(HotpotDataset.RUNS);
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("--runs: " + dir + " is not a directory");
        }
        List<HotpotQuestion> dataset = DataDirectory.find().map(d -> d.resolve(HotpotDataset.SIMPLIFIED))
                .filter(Files::isRegularFile).map(HotpotDataset::loadSimplified).orElse(List.of());
        HotpotReplay replay = HotpotReplay.of(dir, dataset);
        RunnerReplay onRunner = RunnerReplay.of(RecordedRunReader.readAll(dir));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = replay.toJson();
            root.set("on_runner", JsonOutput.valueToTree(onRunner));
            out.println(JsonOutput.pretty(root));
        } else {
            print(replay, onRunner, out);
        }
        out.flush();
        if (reportOption.requested()) {
            HtmlReport html = new HtmlReport("specagent replay hotpotqa", dir.toString());
            HotpotqaReportSections.matchRates(html, replay);
            reportOption.write(html, Notes.writer(spec, json));
        }
        return 0;
    }

    private static void print(HotpotReplay r, RunnerReplay onRunner, PrintWriter out) {
        out.printf("HotpotQA recorded runs: %s%n", r.runs());
        out.printf(Locale.ROOT,
                "%d questions, %d with metrics.json, %d of those reproduced exactly from the recorded actions%n%n",
                r.questions(), r.withMetrics(), r.reproduced());
        long scored = r.configurations().stream().mapToLong(c -> c.scored().size()).sum();
        out.println("EM/F1: the recorded final answers scored against hotpot_dev_v1_simplified.json (question found by text; "
                + (scored > 0 ? scored + " scored" : "none scored: the file is missing or names none of the questions")
                + "); obsF1: token F1 of the guessed observation against the real one, per search that found a page");
        out.println("Match rates, reference aggregation (mean of per-question rates over questions with metrics.json),"
                + " recorded / reproduced; pooled = matched steps / steps");
        out.printf("%-56s %4s %4s %4s  %-15s %-15s %-15s %-15s %-7s %-5s %-5s %-5s%n", "actor/top-k/speculator", "qs",
                "met", "rep", "general", "Search", "Lookup", "Finish", "pooled", "EM", "F1", "obsF1");
        for (ConfigurationReplay c : r.configurations()) {
            out.printf(Locale.ROOT,
                    "%-56s %4d %4d %4d  %-15s %-15s %-15s %-15s %-7s %-5s %-5s %-5s%n", c.configuration(),
                    c.questions().size(), c.withMetrics().size(), c.reproduced().size(), pair(c, "general"),
                    pair(c, "Search"), pair(c, "Lookup"), pair(c, "Finish"), fmt(c.pooledRate("general")),
                    fmt(c.exactMatch()), fmt(c.f1()), fmt(c.meanGuessF1().isPresent()
                            ? Optional.of(c.meanGuessF1().getAsDouble()) : Optional.empty()));
        }
        out.println();
        for (ConfigurationReplay c : r.configurations()) {
            for (QuestionReplay q : c.missingMetrics()) {
                out.printf("no metrics.json: %s/%s (%s)%n", c.configuration(), q.index(), q.hasTrajectories()
                        ? "normalobs.json and simobs.json present; recomputed, nothing to compare"
                        : "only log.txt: nothing to replay");
            }
            if (!c.notReproduced().isEmpty()) {
                out.printf("NOT reproduced: %s: %s%n", c.configuration(),
                        c.notReproduced().stream().map(QuestionReplay::index).collect(Collectors.joining(", ")));
            }
        }
        long after = r.configurations().stream().mapToLong(ConfigurationReplay::lookupsAfterSearch).sum();
        long proven = r.configurations().stream().mapToLong(ConfigurationReplay::lookupsFromGuessedPage).sum();
        out.printf(Locale.ROOT,
                "%nLookups after a search: %d (all read the guessed page in the reference; %d verifiably so)%n",
                after, proven);
        long slower = r.configurations().stream().filter(c -> c.meanGuessSeconds().isPresent()
                && c.meanSearchSeconds().isPresent()
                && c.meanGuessSeconds().getAsDouble() > c.meanSearchSeconds().getAsDouble()).count();
        out.printf(Locale.ROOT,
                "Recorded latencies: the guessed observation took longer than the real Wikipedia search in %d of %d "
                + "configurations (means in --json: mean_recorded_guess_seconds vs mean_recorded_search_seconds)%n",
                slower, r.configurations().size());
        out.printf(Locale.ROOT,
                "On the runner (recorded actions and drafts replayed on the SpeculativeRunner, simulated clock, "
                        + "no time claimed): %d questions, %d hits = %d strict matches of a Search/Lookup drafted "
                        + "while a search ran; %d of %d searches answered with the recorded observation; %d of %d "
                        + "trajectories equal to the sequential run%n", onRunner.questions(), onRunner.hits(),
                onRunner.expectedHits(), onRunner.searchesAsRecorded(), onRunner.searches(),
                onRunner.sameAsSequential(), onRunner.questions());
        out.println("\nWhat these records cannot support:");
        HotpotReplay.LIMITS.forEach(l -> out.println("- " + l));
    }

    private static String pair(ConfigurationReplay c, String type) {
        return fmt(c.recordedAverage(type)) + "/" + fmt(c.reproducedAverage(type));
    }

    private static String fmt(Optional<Double> v) {
        return v.map(d -> String.format(Locale.ROOT, "%.3f", d)).orElse("-");
    }
}
