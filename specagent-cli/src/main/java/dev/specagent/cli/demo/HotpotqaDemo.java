package dev.specagent.cli.demo;

import dev.specagent.cli.hotpotqa.HotpotqaReportSections;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.hotpotqa.corpus.HotpotDataset;
import dev.specagent.envs.hotpotqa.record.RecordedRunReader;
import dev.specagent.envs.hotpotqa.replay.ConfigurationReplay;
import dev.specagent.envs.hotpotqa.replay.HotpotReplay;
import dev.specagent.envs.hotpotqa.replay.RunnerReplay;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The recorded HotpotQA runs of the Speculative Actions paper ({@code replay hotpotqa}): how often the
 * speculator's top-k guesses contained the actor's next action, pooled over every actor/speculator folder
 * of each k. The match rate goes in the hit-rate column; no time saved is claimed (the records cannot
 * support one). Lossless: the recorded actions replayed on the runner give the sequential trajectories.
 */
public final class HotpotqaDemo implements DemoPart {

    @Override
    public String name() {
        return "hotpotqa";
    }

    private static Optional<Path> runs() {
        return DataDirectory.find().map(d -> d.resolve(HotpotDataset.RUNS)).filter(Files::isDirectory);
    }

    @Override
    public String missingPrerequisite() {
        return runs().isPresent() ? null
                : MissingData.hint("no recorded HotpotQA runs", "hotpotqa");
    }

    @Override
    public Contribution run(PrintWriter log, PrintWriter progress, HtmlReport report) {
        Path dir = runs().orElseThrow();
        log.printf("hotpotqa: match rates of the recorded runs in %s (replay; no time claimed)%n", dir.getFileName());
        log.flush();
        HotpotReplay replay = HotpotReplay.of(dir);
        RunnerReplay onRunner = RunnerReplay.of(RecordedRunReader.readAll(dir));
        HotpotqaReportSections.matchRates(report, replay);
        boolean lossless = onRunner.sameAsSequential() == onRunner.questions();
        List<DemoRow> rows = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        for (int k : replay.configurations().stream().map(ConfigurationReplay::topK).distinct().sorted().toList()) {
            long matched = 0;
            long counted = 0;
            for (ConfigurationReplay c : replay.configurations()) {
                if (c.topK() == k) {
                    matched += c.pooledMatched("general");
                    counted += c.pooledCounted("general");
                }
            }
            // No step counted is no rate (a dash), not a rate of 0.
            rows.add(new DemoRow("hotpotqa", "top-" + k + " guesses", "replay", Double.NaN,
                    counted == 0 ? Double.NaN : (double) matched / counted, Double.NaN, lossless));
            counts.add(String.format(Locale.ROOT, "top-%d %d of %d steps", k, matched, counted));
        }
        return new Contribution(rows, List.of(String.format(Locale.ROOT,
                "hotpotqa: hit rate = the speculator's top-k guesses "
                + "contained the actor's action, pooled over the steps of %d recorded configurations (%s); "
                + "no end-to-end time is claimed.", replay.configurations().size(), String.join(", ", counts))));
    }
}
