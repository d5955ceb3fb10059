package dev.specagent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sim.Proposition1;
import dev.specagent.core.sim.SyntheticWorld;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** {@code specagent simulate}: Proposition 1's synthetic world, measured on the real runner in simulated time. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs the synthetic world of Proposition 1 (actor latency ~ Exp(beta), speculator latency ~ "
                + "Exp(alpha), guesses contain the actor's value with probability p) through the real speculative "
                + "runner on the simulated clock, and prints E[T_spec]/E[T_seq] for algorithm1 and chained beside "
                + "the paper's closed form and the exact expectation of Algorithm 1."},
        footer = {"", "Example:", "  specagent simulate --p 0.7 --alpha 5 --beta 1 --steps 30 --runs 1000 --seed 1 --k 3",
                "  specagent simulate --p 0.7 --alpha 5 --beta 1 --steps 30 --runs 200 --report sim.html",
                "", "Exit codes: 0 success, 1 a run failed, 2 bad input (the message names the option)."})
public final class SimulateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--p", required = true, description = "probability that the guesses contain the actor's value, in [0, 1]")
    double p;

    @Option(names = "--alpha", required = true, description = "speculator rate (mean latency 1/alpha s), 1e-6 to 1e6")
    double alpha;

    @Option(names = "--beta", required = true, description = "actor rate (mean latency 1/beta s), 1e-6 to 1e6, with --steps / --beta at most 1e9 s")
    double beta;

    /**
     * The longest run: the ledger of a run is kept in memory, about 150 bytes an attempt (README, Proposition 1), so a
     * chained run at --k 8 holds about 20 MB per 1000 steps; a run that does not fit fails with {@link #outOfHeap}.
     */
    static final int MAX_STEPS = 100_000;

    /**
     * The most steps all runs take together (each run thrice: sequential, algorithm1, chained). Measured at 1000 steps on
     * 2 loaded cores: at --k 1 about 6 µs a step (a minute for the whole bound), at --k 2 and 3 about 0.12 and 0.16 ms
     * (20 and 26 minutes), at --k 8 about 0.7 s a run (2 hours): README, Proposition 1.
     */
    static final long MAX_TOTAL_STEPS = 10_000_000;

    /** The longest expected run, T/β, in simulated seconds: 32 years, well inside the simulated clock's 292. */
    static final double MAX_RUN_SECONDS = 1e9;

    @Option(names = "--steps", required = true, description = "calls per run (T), 1 to " + MAX_STEPS)
    int steps;

    @Option(names = "--runs", defaultValue = "1000", description = "independent runs to average, >= 1, with --runs x "
            + "--steps at most " + MAX_TOTAL_STEPS + " (default: ${DEFAULT-VALUE}); that bound takes about a minute at "
            + "--k 1 and about 25 minutes at --k 3 on 2 cores")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the first run (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--k", defaultValue = "1", description = "guesses per speculation, 1 to " + Proposition1.MAX_K
            + " (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Mixin
    ReportOption report;

    @Override
    public void run() {
        Validate.probability("--p", p);
        Validate.positiveRate("--alpha", alpha);
        Validate.positiveRate("--beta", beta);
        Validate.atLeast("--steps", steps, 1);
        if (steps > MAX_STEPS) {
            throw new BadInputException("--steps must be at most " + MAX_STEPS + " (a run's ledger is kept in memory), got "
                    + steps);
        }
        if (steps / beta > MAX_RUN_SECONDS) { // the simulated clock overflowed and the run failed with exit 1
            throw new BadInputException(String.format(Locale.ROOT, "--steps / --beta, a run's expected length, "
                    + "must be at most %.0f simulated seconds (the simulated clock spans 292 years), got %.3g s",
                    MAX_RUN_SECONDS, steps / beta));
        }
        Validate.atLeast("--runs", runs, 1);
        if ((long) runs * steps > MAX_TOTAL_STEPS) {
            throw new BadInputException("--runs x --steps must be at most " + MAX_TOTAL_STEPS + " simulated steps, got "
                    + runs + " x " + steps);
        }
        Validate.atLeast("--k", k, 1);
        if (k > Proposition1.MAX_K) { // more branches than the runner keeps in flight: not Algorithm 1's world
            throw new BadInputException("--k must be at most " + Proposition1.MAX_K + " (the runner keeps at most "
                    + (Proposition1.MAX_K + 1) + " calls in flight, the actor's and one per guess), got " + k);
        }
        double closed = Proposition1.closedForm(p, alpha, beta, steps);
        double exact = Proposition1.exactAlgorithm1(p, alpha, beta, steps);
        List<SpeculationPolicy> policies = List.of(new Algorithm1Policy(k), new ChainedPolicy(k));
        long started = System.nanoTime();
        AtomicReference<SimulatedTotals> totals = new AtomicReference<>(SimulatedTotals.none(policies));
        // Ctrl-C or SIGTERM: the hook prints the ratios over the runs finished (the runs go on on the simulated clock)
        try (SignalHook signal = SignalHook.report("simulate", () -> stopped(totals.get(), closed, exact, started));
             Progress bar = Progress.start("simulate (runs)", runs, spec.commandLine().getErr())) {
            try {
                for (int r = 0; r < runs; r++) {
                    var config = SyntheticWorld.Config.proposition1(p, alpha, beta, steps, seed + r);
                    totals.set(totals.get().plus(config));
                    bar.step();
                }
            } catch (OutOfMemoryError e) { // the run's objects are unreachable here, so the message can be made
                throw outOfHeap(e);
            }
            if (!signal.claim()) {
                return; // a signal's hook printed the runs finished; the JVM is ending
            }
            // printed before the hook closes, so a signal now waits for the output to be whole
            Map<String, Double> measured = totals.get().ratios();
            PrintWriter out = spec.commandLine().getOut();
            out.print(results(measured, runs, closed, exact, (System.nanoTime() - started) / 1e9, null));
            out.flush();
            if (report.requested()) {
                report.write(report(measured, closed, exact), Notes.writer(spec, json));
            }
        }
    }

    /**
     * What a run that a signal ended prints (on the hook's thread): the ratios over the runs finished, in one piece,
     * labelled as stopped (first line of the text, {@code "stopped"} in the JSON, and on standard error); no report.
     */
    private void stopped(SimulatedTotals totals, double closed, double exact, long started) {
        String stopped = SignalHook.stopped(totals.runs(), runs, "runs") + "; the figures are of the runs finished";
        PrintWriter out = spec.commandLine().getOut();
        out.print(results(totals.ratios(), totals.runs(), closed, exact, (System.nanoTime() - started) / 1e9, stopped));
        out.flush();
        report.sayNotWritten(spec.commandLine().getErr(), stopped);
    }

    /**
     * The results over {@code done} runs as printed: one JSON object, or the table. A ratio over no run is NaN:
     * null in the JSON, {@code n/a} in the table. {@code stopped} is null for a whole run.
     */
    String results(Map<String, Double> measured, int done, double closed, double exact, double seconds,
                           String stopped) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("p", p).put("alpha", alpha).put("beta", beta).put("steps", steps).put("runs", done)
                    .put("seed", seed).put("k", k)
                    .put("algorithm1_ratio", measured.get("algorithm1"))
                    .put("chained_ratio", measured.get("chained"))
                    .put("proposition1_ratio", closed)
                    .put("algorithm1_exact_ratio", exact);
            if (stopped != null) {
                o.put("stopped", stopped);
            }
            out.println(o.toString());
        } else {
            if (stopped != null) {
                out.println(stopped);
            }
            out.printf(Locale.ROOT,
                    "Synthetic world: p=%s alpha=%s beta=%s T=%d k=%d, %d run%s from seed %d (%.1f s)%n",
                    p, alpha, beta, steps, k, done, done == 1 ? "" : "s", seed, seconds);
            out.printf("  %-34s %8s %10s%n", "", "E[Tspec]/E[Tseq]", "saved");
            row(out, "algorithm1 (measured)", measured.get("algorithm1"));
            row(out, "algorithm1 (exact expectation)", exact);
            row(out, "Proposition 1 closed form", closed);
            row(out, "chained (measured, ours)", measured.get("chained"));
            out.println("The closed form assumes every step can overlap the next; Algorithm 1 speculates on no step "
                    + "that was itself a hit, which the exact expectation accounts for.");
        }
        out.flush();
        return text.toString();
    }

    /** Why a run ran out of heap and what to do, for a run too large for the heap the JVM was given. */
    private HeapTooSmallException outOfHeap(OutOfMemoryError e) {
        return new HeapTooSmallException(String.format(Locale.ROOT, "a run of %d steps at --k %d did not fit in the "
                + "Java heap (%d MB): a run keeps a ledger entry, about 150 bytes, for every attempt, and chained starts "
                + "about 6 a step at --k 1 and 80 to 130 at --k 2 to 8; use fewer --steps, or a larger heap "
                + "(SPECAGENT_JAVA_OPTS=-Xmx4g)", steps, k, Runtime.getRuntime().maxMemory() >> 20), e);
    }

    private HtmlReport report(Map<String, Double> measured, double closed, double exact) {
        HtmlReport html = new HtmlReport("specagent simulate",
                String.format(Locale.ROOT,
                        "p=%s alpha=%s beta=%s T=%d k=%d, %d runs from seed %d", p, alpha, beta, steps, k, runs, seed));
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("E[Tspec]/E[Tseq]", List.of(measured.get("algorithm1"), exact, closed, measured.get("chained")));
        html.bars("Ratio of expected times (lower is faster)", null,
                List.of("algorithm1 measured", "algorithm1 exact", "closed form", "chained measured"), bars,
                "E[Tspec]/E[Tseq]", "", List.of());
        var config = SyntheticWorld.Config.proposition1(p, alpha, beta, steps, seed);
        for (var policy : List.of(new Algorithm1Policy(k), new ChainedPolicy(k))) {
            var run = Proposition1.runOnce(config, policy);
            html.timeline(policy.name() + ", run with seed " + seed,
                    String.format(Locale.ROOT,
                            "%.2f s instead of %.2f s sequentially", run.figures().speculativeSeconds(),
                            run.figures().sequentialSeconds()), run.ledger());
        }
        return html;
    }

    private static void row(PrintWriter out, String label, double ratio) {
        if (Double.isNaN(ratio)) { // no run finished
            out.printf(Locale.ROOT, "  %-34s %16s %10s%n", label, "n/a", "n/a");
        } else {
            out.printf(Locale.ROOT, "  %-34s %16.4f %9.1f%%%n", label, ratio, 100 * (1 - ratio));
        }
    }
}
