package dev.specagent.cli.llm;

import dev.specagent.cli.FiguresJson;
import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.Notes;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.RunSections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Main;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunFailedException;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;
import dev.specagent.llm.LlmModels;
import dev.specagent.core.actor.Speculator;
import dev.specagent.llm.agent.EnsembleSpeculator;
import dev.specagent.llm.agent.LlmActor;
import dev.specagent.llm.agent.LlmSpeculator;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.price.CancelSavings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code specagent llm-demo}: a five-question chain answered by an LLM actor, run sequentially and
 * then with an LLM speculator guessing each answer, against a live endpoint or a replayed trace. It
 * prints both runs' figures from their ledgers, including what the cancelled branches spent and saved.
 */
@Command(name = "llm-demo", mixinStandardHelpOptions = true,
        description = {"Runs a chain of five questions (each quoting the previous answer) with an LLM actor, "
                + "sequentially and then with an LLM speculator guessing each answer (Algorithm 1), and prints the "
                + "figures of both runs from their ledgers: time, hits, cost, cancelled branches and the money their "
                + "cancels saved."},
        footer = {"", "Examples:",
                "  specagent llm-demo --synthetic            (a built-in synthetic trace on a local replay server)",
                "  specagent llm-demo --actor-endpoint http://localhost:11434/v1 --actor-model qwen2.5:7b "
                        + "--speculator-model qwen2.5:0.5b --record run.jsonl",
                "  specagent llm-demo --replay run.jsonl --actor-model qwen2.5:7b --speculator-model qwen2.5:0.5b",
                "  specagent llm-demo --synthetic --report llm.html",
                "", "Exit codes: 0 success, 1 the runs' answers differ or a call failed, 2 bad input."})
public final class LlmDemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LlmOptions llm;

    @Option(names = "--synthetic", description = "Replay a built-in synthetic trace (hand-written answers and "
            + "latencies, one wrong guess) instead of calling a model.")
    boolean synthetic;

    @Option(names = "--k", paramLabel = "K", defaultValue = "1", description = "Guesses per call. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--member-timeout", paramLabel = "SECONDS", defaultValue = "1",
            description = "With several --speculator-model: a model that has not given its guesses this long after a "
                    + "proposal started is cancelled and gives none, so a hung model does not hold back the others' "
                    + "guesses, which are of no use once the actor has answered (keep it below the actor's latency); "
                    + "0 waits for every model. Default: ${DEFAULT-VALUE}.")
    double memberTimeout;

    @Option(names = "--json", description = "Print one JSON object with both runs' figures.")
    boolean json;

    @Mixin
    ReportOption reportOption;

    @Override
    public Integer call() throws Exception {
        if (k < 1 || k > 5) {
            throw new BadInputException("--k must be in 1..5: " + k);
        }
        if (!(memberTimeout >= 0 && memberTimeout <= Clock.MAX_CALL_SECONDS)) {
            throw new BadInputException("--member-timeout must be 0 (wait for every model) to " + Clock.MAX_CALL_SECONDS
                    + " seconds, not " + memberTimeout);
        }
        if (synthetic && llm.replaying()) {
            throw new BadInputException("--synthetic and --replay are exclusive");
        }
        LlmModels.Config config = llm.config();
        Path syntheticTrace = null;
        if (synthetic) {
            syntheticTrace = Files.createTempFile("specagent-llm-demo", ".jsonl");
            syntheticTrace.toFile().deleteOnExit(); // a signal ends the JVM without the finally below
            List<String> specModels = new ArrayList<>(List.of(config.speculator().model()));
            config.moreSpeculators().forEach(e -> specModels.add(e.model()));
            try {
                SyntheticChainTrace.write(syntheticTrace, config.actor().model(), specModels, k,
                        LlmDemoCommand::speculator);
            } catch (RuntimeException e) { // a full temporary folder, say: nothing to keep
                Files.deleteIfExists(syntheticTrace);
                throw e;
            }
            config = new LlmModels.Config(config.actor(), config.speculator(), syntheticTrace, config.record(),
                    config.timeScale(), config.prices(), config.moreSpeculators());
        }
        // Ctrl-C or SIGTERM interrupts the run under way, which stops as a failed one does (its calls cancelled and
        // charged); what was finished is printed, labelled as stopped
        try (SignalHook signal = SignalHook.interrupt("llm-demo"); LlmModels models = llm.open(config);
             RealClock clock = new RealClock()) {
            LlmActor actor = LlmActor.of(models.actor());
            List<Speculator<List<String>>> members = new ArrayList<>();
            models.speculators().forEach(client -> members.add(speculator(client)));
            Speculator<List<String>> speculator = members.size() == 1 ? members.get(0)
                    : new EnsembleSpeculator<>(members, memberTimeout > 0
                    ? Duration.ofNanos(Math.max(1, Math.round(memberTimeout * 1e9))) : null);
            RunResult<List<String>> sequential;
            RunResult<List<String>> speculative;
            try (Progress bar = Progress.start("llm-demo (runs: sequential, then speculative)", 2,
                    spec.commandLine().getErr())) {
                try {
                    sequential = run(actor, speculator, new SequentialPolicy(), clock);
                } catch (RunFailedException e) {
                    return keepCommitted(e, signal.signalled());
                }
                bar.step();
                try {
                    speculative = run(actor, speculator, new Algorithm1Policy(k), clock);
                } catch (RunFailedException e) {
                    return keepSequential(sequential, e, signal.signalled());
                }
                bar.step();
            }
            // from here on a signal waits for the results; one that came as the last answer arrived finds both whole
            boolean signalledAfterBothRuns = !signal.claim();
            if (models.replay().isPresent()) {
                models.replay().get().awaitIdle(Duration.ofSeconds(2)); // so that its counts include the last answers
            }
            print(sequential, speculative, models);
            if (signalledAfterBothRuns) {
                reportOption.sayNotWritten(spec.commandLine().getErr(), SignalHook.afterBothRuns());
                return Main.EXIT_RUN_FAILED; // the JVM ends with 130 or 143 all the same
            }
            if (reportOption.requested()) {
                HtmlReport html = new HtmlReport("specagent llm-demo", "actor " + config.actor().model() + ", speculator "
                        + config.speculator().model() + ", k=" + k);
                RunSections.compare(html, "Question chain", List.of(sequential, speculative));
                reportOption.write(html, Notes.writer(spec, json));
            }
            return sequential.finalState().equals(speculative.finalState()) ? 0 : 1;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        } finally {
            if (syntheticTrace != null) {
                Files.deleteIfExists(syntheticTrace);
            }
        }
    }

    /**
     * The sequential run failed, or a signal stopped it: prints the answers it had committed (each cost a real call)
     * and why; a stopped run also its figures so far (its ledger keeps every call, the cancelled one too).
     */
    private int keepCommitted(RunFailedException e, boolean signalled) {
        List<String> answers = e.committed().stream().map(Outcome::text).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (signalled) {
            String stopped = stopped("sequential", answers.size());
            RunFigures soFar = RunFigures.of(e.ledger());
            if (json) {
                out.println(JsonOutput.object("stopped", stopped, "answers", answers,
                        "sequential_so_far", figures(soFar)).toString());
            } else {
                out.println(stopped);
                out.println("answers committed before the signal: " + String.join(" -> ", answers));
                header(out);
                line(out, "seq. so far", soFar);
            }
            return stoppedEnd(out, stopped);
        }
        spec.commandLine().getErr().println("specagent: the sequential run failed after " + answers.size()
                + " answers: " + e.getMessage());
        if (json) {
            out.println(JsonOutput.object("error", e.getMessage(), "answers", answers).toString());
        } else {
            out.println("answers committed before the failure: " + String.join(" -> ", answers));
        }
        out.flush();
        return Main.EXIT_RUN_FAILED;
    }

    /**
     * The speculative run failed, or a signal stopped it: prints the finished sequential run (its answers cost real
     * calls) and why; a stopped run also the speculative run's figures so far.
     */
    private int keepSequential(RunResult<List<String>> sequential, RunFailedException e, boolean signalled) {
        PrintWriter out = spec.commandLine().getOut();
        String stopped = signalled ? stopped("speculative", e.committed().size()) : null;
        RunFigures soFar = RunFigures.of(e.ledger());
        if (stopped == null) {
            spec.commandLine().getErr().println("specagent: the speculative run failed after " + e.committed().size()
                    + " answers: " + e.getMessage());
        }
        if (json) {
            ObjectNode o = stopped == null ? JsonOutput.object("error", e.getMessage())
                    : JsonOutput.object("stopped", stopped);
            o.set("answers", JsonOutput.valueToTree(sequential.finalState()));
            o.set("sequential", figures(sequential.figures()));
            if (stopped != null) {
                o.set("speculative_so_far", figures(soFar));
            }
            out.println(o.toString());
        } else {
            if (stopped != null) {
                out.println(stopped);
            }
            out.println("answers (sequential run): " + String.join(" -> ", sequential.finalState()));
            header(out);
            line(out, "sequential", sequential.figures());
            if (stopped != null) {
                line(out, "spec. so far", soFar);
            }
        }
        if (stopped != null) {
            return stoppedEnd(out, stopped);
        }
        out.flush();
        return Main.EXIT_RUN_FAILED;
    }

    private static String stopped(String run, int answers) {
        return SignalHook.stopped(answers + " answer" + (answers == 1 ? "" : "s")) + ", during the " + run + " run; the "
                + "figures so far count every call made, the cancelled ones too";
    }

    /** Ends a stopped run's output: the same line on standard error, no report. */
    private int stoppedEnd(PrintWriter out, String stopped) {
        out.flush();
        reportOption.sayNotWritten(spec.commandLine().getErr(), stopped);
        return Main.EXIT_RUN_FAILED; // the JVM ends with 130 or 143 all the same
    }

    private static void header(PrintWriter out) {
        out.printf("%-12s %8s %6s %10s %12s %9s%n", "run", "seconds", "hits", "cost $", "unneeded $", "cancelled");
    }

    static LlmSpeculator<List<String>> speculator(ChatClient client) {
        return LlmSpeculator.<List<String>>builder(client).context((state, pending) -> QuestionChain.context(state))
                .maxTokens(128).build();
    }

    private static RunResult<List<String>> run(LlmActor actor, Speculator<List<String>> speculator,
                                               SpeculationPolicy policy, RealClock clock) {
        return SpeculativeRunner.<List<String>>builder().agent(new QuestionChain()).actor(actor).speculator(speculator)
                .policy(policy).clock(clock).sideEffects(SideEffects.allReadOnly()).build().run();
    }

    private void print(RunResult<List<String>> sequential, RunResult<List<String>> speculative, LlmModels models) {
        PrintWriter out = spec.commandLine().getOut();
        CancelSavings savings = CancelSavings.of(speculative.ledger());
        if (json) {
            ObjectNode o = JsonOutput.object("answers", speculative.finalState(),
                    "lossless", sequential.finalState().equals(speculative.finalState()),
                    "sequential", figures(sequential.figures()), "speculative", figures(speculative.figures()),
                    "cancel_savings", JsonOutput.valueToTree(savings),
                    "replay", models.replay().map(r -> r.baseUrl().toString()).orElse(null),
                    "replay_served", models.replay().map(r -> r.served()).orElse(0L),
                    "speculator_models", models.speculators().stream().map(c -> c.endpoint().model()).toList());
            out.println(o.toString());
        } else {
            out.println("answers: " + String.join(" -> ", speculative.finalState())
                    + (sequential.finalState().equals(speculative.finalState()) ? "  (same as the sequential run)"
                    : "  (DIFFERENT from the sequential run: " + sequential.finalState() + ")"));
            header(out);
            line(out, "sequential", sequential.figures());
            line(out, "speculative", speculative.figures());
            out.printf(Locale.ROOT,
                    "time saved: %.1f%%; cancels: %d calls spent $%.7f of an estimated $%.7f, saving $%.7f%n",
                    100 * (sequential.figures().speculativeSeconds() - speculative.figures().speculativeSeconds())
                            / Math.max(1e-9, sequential.figures().speculativeSeconds()),
                    savings.cancelledCalls(), savings.spentUsd(), savings.estimatedFullUsd(), savings.savedUsd());
            models.replay().ifPresent(r -> out.println("replayed on " + r.baseUrl() + ": " + r.served()
                    + " answers served, " + r.disconnectCount() + " disconnects seen by the server"));
        }
        out.flush();
    }

    private static void line(PrintWriter out, String name, RunFigures f) {
        out.printf(Locale.ROOT,
                "%-12s %8.2f %6d %10.7f %12.7f %9d%n", name, f.speculativeSeconds(), f.hits(), f.costUsd(),
                f.unnecessaryCostUsd(), f.cancelledAttempts());
    }

    private static ObjectNode figures(RunFigures f) {
        return FiguresJson.of(f);
    }
}
