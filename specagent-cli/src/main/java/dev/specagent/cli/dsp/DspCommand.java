package dev.specagent.cli.dsp;

import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.AtomicFiles;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Notes;
import dev.specagent.cli.OutputFiles;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.Validate;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.core.planning.TokenPricing;
import dev.specagent.core.planning.sweep.DspSweep;
import dev.specagent.core.planning.sweep.LearningCurve;
import dev.specagent.core.planning.sweep.PolicyRun;
import dev.specagent.core.planning.sweep.PolicySpec;
import dev.specagent.core.planning.sweep.SweepRow;
import dev.specagent.llm.price.PriceTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code specagent dsp}: Dynamic Speculative Planning in the replay and synthetic worlds. */
@Command(name = "dsp", mixinStandardHelpOptions = true,
        description = "Dynamic Speculative Planning (Guan et al., ICLR 2026): an approximation agent drafts plan "
                + "steps, the target verifies them in parallel, a depth policy chooses how far to speculate.",
        subcommands = {DspCommand.Sweep.class, DspCommand.Run.class, DspCommand.Curve.class, DspLiveCommand.class,
                DspDraftsCommand.class},
        footer = {"", "Example: specagent dsp sweep --world replay --tasks 50 --seed 1 --plot frontier.svg"})
public final class DspCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The sweep that {@code dsp sweep ARGS} would run (its world, tasks, seed and prices, every other option at
     * its default) and the policies it compares, e.g. for the demo.
     */
    public static DspSweep sweepOf(String... args) {
        Sweep command = new Sweep();
        new CommandLine(command).parseArgs(args);
        return command.options.sweep();
    }

    /** The policies {@code dsp sweep} compares (the paper's rows, then ours), target-only excluded. */
    public static List<PolicySpec> sweptPolicies() {
        List<PolicySpec> specs = new ArrayList<>(PolicySpec.paperRows());
        specs.addAll(PolicySpec.ourRows());
        return specs;
    }

    /** Fix-2, fix-6 and the oracle, then each named policy once, in the order given; an unknown name is bad input. */
    static List<PolicySpec> chosenPolicies(List<String> names) {
        List<PolicySpec> specs = new ArrayList<>(List.of(PolicySpec.fixed(2), PolicySpec.fixed(6), PolicySpec.oracle()));
        for (String name : names) {
            PolicySpec chosen = policyNamed(name);
            if (specs.stream().noneMatch(s -> s.name().equals(chosen.name()))) {
                specs.add(chosen);
            }
        }
        return specs;
    }

    /**
     * The policy called {@code name}; an unknown or malformed name is bad input naming {@code --policy} and, for a
     * name of a known form, the malformed part (otherwise the known names).
     */
    static PolicySpec policyNamed(String name) {
        try {
            return PolicySpec.named(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--policy: " + e.getMessage(), e);
        }
    }

    /** The generator yardstick ({@code bayes-oracle-sched-*}) needs a world that draws its drafts at random. */
    static void requireDrawnDrafts(List<PolicySpec> specs, PlanningWorldOption world) {
        for (PolicySpec s : specs) {
            if (s.name().startsWith(PolicySpec.Yardstick.BAYES.prefix()) && world != PlanningWorldOption.SYNTHETIC) {
                throw new BadInputException("--policy " + s.name() + ": needs --world synthetic (only it draws its "
                        + "drafts at random, so only it knows their exact probability)");
            }
        }
    }

    /** Options shared by sweep and run. */
    static class WorldOptions {
        @Option(names = "--world", required = true, description = "${COMPLETION-CANDIDATES}")
        PlanningWorldOption world;

        @Option(names = "--tasks", defaultValue = "50", description = "number of tasks (default ${DEFAULT-VALUE})")
        int tasks;

        @Option(names = "--seed", defaultValue = "1", description = "seed of the world and the simulated clock (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--max-steps", defaultValue = "20", description = "plan length limit (default ${DEFAULT-VALUE})")
        int maxSteps;

        @Option(names = "--json", description = "print one JSON array on stdout and nothing else")
        boolean json;

        @Option(names = "--price-model", defaultValue = "gpt-4.1-mini",
                description = "model whose prices (from the LLM module's price table) cost the tokens (default ${DEFAULT-VALUE})")
        String priceModel;

        DspSweep sweep() {
            Validate.inRange("--max-steps", maxSteps, 1, 100);
            return new DspSweep(world.worlds(tasks, seed, pricing()), seed, maxSteps);
        }

        /** What the run is over, e.g. {@code synthetic world, 50 tasks, seed 1}, for its headings and titles. */
        String describe() {
            return world + " world, " + tasks + " tasks, seed " + seed;
        }

        /** The token prices of {@code --price-model} from the built-in price table. */
        TokenPricing pricing() {
            var price = PriceTable.builtIn().find(priceModel)
                    .orElseThrow(() -> new BadInputException("--price-model: no price for model '" + priceModel
                            + "' in the built-in price table"));
            return (prompt, completion) -> price.cost(prompt, 0, completion);
        }
    }

    /** {@code dsp sweep}: the paper's table. */
    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "Runs target-only planning, Fix k = 2, 4, 6, Dyn tau = 0.5, Dyn tau = 0.99, Dyn offset = 2, "
                    + "our policies and the hindsight oracle on the same tasks and seed, and prints one row each.",
            footer = {"", "Examples:", "  specagent dsp sweep --world replay --tasks 100 --seed 1",
                    "  specagent dsp sweep --world synthetic --tasks 200 --seed 7 --json --plot frontier.svg",
                    "  specagent dsp sweep --world replay --tasks 138 --report dsp.html   (frontier and bars in HTML)",
                    "  specagent dsp sweep --world replay --tasks 138 --policy rate-oracle-sched-v0.1 --policy partial-oracle-sched-v0.05",
                    "", "Exit codes: 0 success, 1 a run failed, 2 bad input."})
    static final class Sweep implements Runnable {
        @CommandLine.Mixin
        WorldOptions options = new WorldOptions();

        @Option(names = "--plot", description = "also write the time-cost frontier as an SVG file")
        Path plot;

        @Option(names = "--policy", paramLabel = "NAME",
                description = "compare only these policies (repeatable; names as for dsp run, e.g. the yardsticks "
                        + "rate-oracle-sched-v0.1, partial-oracle-sched-v0.05, bayes-oracle-sched-v0.1) besides fix-2, "
                        + "fix-6 and the oracle, which the ratios and the goal check need; default: the full sweep")
        List<String> policies;

        @CommandLine.Mixin
        ReportOption reportOption;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            if (plot != null && !plot.toString().endsWith(".svg")) {
                throw new BadInputException("--plot must name an .svg file, got " + plot);
            }
            if (plot != null) {
                OutputFiles.requireWritable("--plot", plot, OutputFiles.Folders.MUST_EXIST); // before the sweep, not after it
            }
            List<PolicySpec> specs = policies == null ? sweptPolicies() : chosenPolicies(policies);
            requireDrawnDrafts(specs, options.world);
            DspSweep sweep = options.sweep();
            List<SweepRow> rows;
            List<PolicyRun> finished = new CopyOnWriteArrayList<>();
            // Ctrl-C or SIGTERM: the rows of the policies finished so far are printed by the hook; once the table is
            // claimed, a signal waits for it and for the plot and report
            try (SignalHook signal = SignalHook.report("dsp-sweep", () -> partial(finished, specs.size()))) {
                try (Progress bar = Progress.start("dsp sweep (policies)", specs.size() + 1L,
                        spec.commandLine().getErr())) {
                    rows = sweep.table(specs, run -> {
                        finished.add(run);
                        bar.step();
                    });
                    if (!signal.claim()) {
                        return; // a signal's hook printed the rows
                    }
                    print(rows);
                }
                writeFiles(rows);
            }
        }

        /**
         * The rows of the {@code finished} runs (target-only first) of a sweep of {@code policies} policies that a
         * signal stopped, then one line on standard error saying so; the ratios to fix-2 only once fix-2 ran, and
         * no goal check (it needs fix-6 and the oracle).
         */
        private void partial(List<PolicyRun> finished, int policies) {
            List<PolicyRun> runs = List.copyOf(finished);
            List<SweepRow> rows = new ArrayList<>();
            if (!runs.isEmpty()) {
                PolicyRun baseline = runs.getFirst();
                PolicyRun fix2 = runs.stream().skip(1).filter(r -> r.policy().equals("fix-2")).findFirst().orElse(null);
                runs.forEach(run -> rows.add(SweepRow.of(run, baseline, fix2)));
            }
            var out = spec.commandLine().getOut();
            if (options.json) {
                out.println(SweepTable.json(rows));
            } else if (!rows.isEmpty()) {
                out.printf("DSP sweep: %s (stopped: the rows finished)%n", options.describe());
                out.print(SweepTable.text(rows));
            }
            out.flush();
            var err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "%nspecagent: %s (and target-only %s); no goal check, plot or report%n",
                    SignalHook.stopped(Math.max(0, runs.size() - 1), policies, "policies"),
                    runs.isEmpty() ? "not finished" : "finished");
            err.flush();
        }

        private void print(List<SweepRow> rows) {
            var out = spec.commandLine().getOut();
            if (options.json) {
                out.println(SweepTable.json(rows));
            } else {
                out.printf("DSP sweep: %s%n", options.describe());
                out.print(SweepTable.text(rows));
                out.println("Goal (within 2% of fix-6's time, at most 60% of its cost, within 10% of the oracle's cost):");
                out.print(SweepTable.goalLines(rows));
            }
            out.flush();
        }

        private void writeFiles(List<SweepRow> rows) {
            // After the table, and each attempted: a plot or report that cannot be written must not cost the rows
            // already computed, nor the other file.
            BadInputException plotFailure = null;
            if (plot != null) {
                try {
                    String svg = FrontierPlot.svg(rows, "DSP time-cost frontier, " + options.describe());
                    AtomicFiles.write(plot, w -> w.write(svg));
                    Notes.writer(spec, options.json).println("frontier plot written to " + plot);
                } catch (IOException e) {
                    plotFailure = BadInputException.cannotWrite("--plot", plot, e);
                }
            }
            if (reportOption.requested()) {
                HtmlReport html = new HtmlReport("specagent dsp sweep", options.describe());
                DspReportSections.sweep(html, options.world + " world", rows);
                DspReportSections.goalCheck(html, options.world + " world", rows);
                try {
                    reportOption.write(html, Notes.writer(spec, options.json));
                } catch (BadInputException e) {
                    if (plotFailure == null) {
                        throw e;
                    }
                    throw new BadInputException(plotFailure.getMessage() + "; " + e.getMessage(), e);
                }
            }
            if (plotFailure != null) {
                throw plotFailure;
            }
        }
    }

    /** {@code dsp run}: one policy against target-only planning. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Plans the tasks with one depth policy and prints its row against target-only planning.",
            footer = {"", "Example: specagent dsp run --world synthetic --policy dyn-tau0.99 --tasks 100 --report run.html",
                    "", "Exit codes: 0 success, 1 a run failed, 2 bad input."})
    static final class Run implements Runnable {
        @CommandLine.Mixin
        WorldOptions options = new WorldOptions();

        @Option(names = "--policy", required = true,
                description = "fix-<k>, dyn-tau0.5, dyn-tau0.99, dyn-offset2, oracle, or one of ours")
        String policy;

        @CommandLine.Mixin
        ReportOption reportOption;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PolicySpec chosen = policyNamed(policy);
            requireDrawnDrafts(List.of(chosen), options.world);
            DspSweep sweep = options.sweep();
            List<SweepRow> rows = sweep.table(List.of(chosen));
            var out = spec.commandLine().getOut();
            out.println(options.json ? SweepTable.json(rows) : SweepTable.text(rows));
            out.flush();
            if (reportOption.requested()) {
                HtmlReport html = new HtmlReport("specagent dsp run", chosen.name() + ", " + options.describe());
                DspReportSections.sweep(html, options.world + " world", rows);
                reportOption.write(html, Notes.writer(spec, options.json));
            }
        }
    }

    /** {@code dsp curve}: how a dynamic policy's depth approaches the oracle's as it learns online. */
    @Command(name = "curve", mixinStandardHelpOptions = true,
            description = "Plans the tasks with one policy and prints its learning curve: per bucket of episodes, the mean "
                    + "depth chosen, the hindsight oracle's, and the mean absolute and signed error.",
            footer = {"", "Example: specagent dsp curve --world synthetic --policy dyn-tau0.5 --tasks 300 --buckets 10 --report curve.html",
                    "", "Exit codes: 0 success, 1 a run failed, 2 bad input."})
    static final class Curve implements Runnable {
        @CommandLine.Mixin
        WorldOptions options = new WorldOptions();

        @Option(names = "--policy", required = true, description = "a policy name, as for dsp run")
        String policy;

        @Option(names = "--buckets", defaultValue = "10", description = "number of buckets (default ${DEFAULT-VALUE})")
        int buckets;

        @CommandLine.Mixin
        ReportOption reportOption;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PolicySpec chosen = policyNamed(policy);
            requireDrawnDrafts(List.of(chosen), options.world);
            Validate.inRange("--buckets", buckets, 1, 100);
            DspSweep sweep = options.sweep();
            var curve = LearningCurve.of(sweep.run(chosen), sweep.world().oracle(), buckets);
            var out = spec.commandLine().getOut();
            if (options.json) {
                var array = JsonOutput.array();
                for (var c : curve) {
                    array.addObject().put("first_episode", c.firstEpisode()).put("episodes", c.episodes())
                            .put("mean_k", c.meanK()).put("mean_oracle_k", c.meanOracleK())
                            .put("mean_abs_error", c.meanAbsError()).put("mean_error", c.meanError());
                }
                out.println(array);
            } else {
                out.printf("learning curve of %s: %s%n", chosen.name(), options.describe());
                out.printf("%10s %8s %8s %10s %10s %10s%n", "episodes", "count", "mean k", "oracle k", "|k-o|", "k-o");
                for (var c : curve) {
                    out.printf(Locale.ROOT, "%10s %8d %8.2f %10.2f %10.2f %+10.2f%n",
                            c.firstEpisode() + "+", c.episodes(), c.meanK(), c.meanOracleK(), c.meanAbsError(), c.meanError());
                }
            }
            out.flush();
            if (reportOption.requested()) {
                Map<String, List<double[]>> lines = new LinkedHashMap<>();
                lines.put("mean k chosen", curve.stream().map(c -> new double[]{c.firstEpisode(), c.meanK()}).toList());
                lines.put("hindsight oracle's k", curve.stream().map(c -> new double[]{c.firstEpisode(), c.meanOracleK()}).toList());
                HtmlReport html = new HtmlReport("specagent dsp curve", chosen.name() + ", " + options.describe());
                html.series("Learning curve of " + chosen.name(), "Mean depth per bucket of episodes, as the predictor "
                        + "learns online, against the hindsight oracle's.", lines, "first episode of the bucket", "depth k");
                reportOption.write(html, Notes.writer(spec, options.json));
            }
        }
    }
}
