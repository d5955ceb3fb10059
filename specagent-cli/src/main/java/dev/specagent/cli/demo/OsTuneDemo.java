package dev.specagent.cli.demo;

import dev.specagent.cli.ostune.OsTuneReportSections;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.envs.ostune.Mode;
import dev.specagent.envs.ostune.OsTuneExperiment;
import dev.specagent.envs.ostune.OsTuneReport;
import dev.specagent.envs.ostune.knob.Knobs;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The paper's OS-tuning reaction experiment (§4) on the simulated knob, in simulated time: untuned,
 * actor-only and actor + speculator (last write wins), perturbed at 150 s of 300. It is lossy, so it
 * has no row in the summary; its p95 over time goes to the report and one line under the table.
 */
public final class OsTuneDemo implements DemoPart {

    static final double SECONDS = 300;
    static final double PERTURB_AT = 150;
    static final double PERTURB_VALUE = 40;

    @Override
    public String name() {
        return "ostune";
    }

    @Override
    public String missingPrerequisite() {
        return null;
    }

    @Override
    public Contribution run(PrintWriter log, PrintWriter progress, HtmlReport report) {
        log.printf(Locale.ROOT, "ostune: the reaction experiment on the simulated knob, %.0f s perturbed to %.0f ms at %.0f s, "
                + "untuned / actor-only / actor + speculator (simulated time)%n", SECONDS, PERTURB_VALUE, PERTURB_AT);
        log.flush();
        List<OsTuneReport> runs = new ArrayList<>();
        for (Mode mode : List.of(Mode.NONE, Mode.ACTOR_ONLY, Mode.BOTH)) {
            runs.add(new OsTuneExperiment(OsTuneExperiment.Options.of(Knobs.Kind.SIMULATED, mode, SECONDS)
                    .perturb(PERTURB_AT, PERTURB_VALUE)).run());
        }
        OsTuneReportSections.p95OverTime(report, "OS tuning (lossy): p95 over time, simulated knob", runs);
        String means = runs.stream().map(r -> String.format(Locale.ROOT, "%s %s", OsTuneReportSections.label(r),
                        r.reactionMeanP95().isPresent() ? String.format(Locale.ROOT, "%.1f", r.reactionMeanP95().getAsDouble()) : "n/a"))
                .collect(Collectors.joining(", "));
        return new Contribution(List.of(), List.of("ostune (simulated, lossy): mean p95 after the perturbation: "
                + means + " ms (paper: 103 / 54 / 38)"));
    }
}
