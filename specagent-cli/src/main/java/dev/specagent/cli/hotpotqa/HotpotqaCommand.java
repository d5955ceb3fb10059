package dev.specagent.cli.hotpotqa;

import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.DecimalNumbers;
import dev.specagent.cli.Main;
import dev.specagent.cli.Notes;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.SpentFormatter;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.cli.llm.LlmOptions;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunFailedException;
import dev.specagent.core.runner.RunLimits;
import dev.specagent.envs.hotpotqa.EpisodeResult;
import dev.specagent.envs.hotpotqa.HotpotEpisode;
import dev.specagent.envs.hotpotqa.corpus.HotpotDataset;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.corpus.LocalWiki;
import dev.specagent.envs.hotpotqa.react.LlmThinker;
import dev.specagent.envs.hotpotqa.react.ReactPrompt;
import dev.specagent.envs.hotpotqa.react.ReactState;
import dev.specagent.envs.hotpotqa.record.RecordedRun;
import dev.specagent.envs.hotpotqa.record.RecordedRunReader;
import dev.specagent.envs.hotpotqa.speculate.DraftingSpeculator;
import dev.specagent.envs.hotpotqa.speculate.LlmActionDrafter;
import dev.specagent.envs.hotpotqa.speculate.LlmObservationGuesser;
import dev.specagent.envs.hotpotqa.speculate.LocalCorpusGuesser;
import dev.specagent.envs.hotpotqa.speculate.ObservationGuesser;
import dev.specagent.envs.hotpotqa.speculate.SpeculationTally;
import dev.specagent.envs.hotpotqa.tools.RecordedToolLatency;
import dev.specagent.envs.hotpotqa.tools.ToolLatency;
import dev.specagent.envs.hotpotqa.tools.WikiTools;
import dev.specagent.llm.LlmModels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code specagent hotpotqa}: a live run of HotpotQA questions (the distractor file's) by the ReAct
 * agent over the local Wikipedia, with the LLM actor and, while each search is slow, an observation
 * speculator (local corpus or LLM) and the actor's model drafting the next action from the guess.
 */
@Command(name = "hotpotqa", mixinStandardHelpOptions = true,
        description = "Answers HotpotQA questions with a ReAct agent (Search/Lookup/Finish over a local Wikipedia) "
                + "whose slow searches are speculated: an observation speculator guesses each search's result and "
                + "the actor's model drafts the next action from the guess; a matching draft runs at once in a fork "
                + "of the environment. Answers are scored by exact match and F1.",
        footer = {"", "Examples:",
                "  specagent hotpotqa --questions 3 --speculator local --k 1 --actor-model gpt-4.1-mini",
                "  specagent hotpotqa --ids d0,d5 --speculator llm --speculator-model gpt-4.1-nano --json",
                "  specagent hotpotqa --questions 2 --replay run.jsonl --replay-speed 0 --report hotpotqa.html",
                "", "Exit codes: 0 success, 1 a question's run failed, 2 bad input."})
public final class HotpotqaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LlmOptions llm;

    @Option(names = "--questions", paramLabel = "N", defaultValue = "3",
            description = "Answer the first N questions of hotpot_dev_distractor_v1.json (1-100). Default: ${DEFAULT-VALUE}.")
    int questions;

    @Option(names = "--ids", paramLabel = "IDS", split = ",",
            description = "Answer these questions instead (d0..d99, comma separated).")
    List<String> ids;

    @Option(names = "--speculator", paramLabel = "KIND", defaultValue = "local",
            description = "Observation speculator: none, local (zero-cost, best local paragraph) or llm "
                    + "(the speculator model writes a Wikipedia-style guess). Default: ${DEFAULT-VALUE}.")
    ObservationSpeculator speculator;

    /** The observation speculators of {@code --speculator}, named by {@link #toString()}. */
    enum ObservationSpeculator {
        NONE, LOCAL, LLM;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The models of {@code --drafter}, named by {@link #toString()}. */
    enum Drafter {
        ACTOR, SPECULATOR;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--drafter", paramLabel = "actor|speculator", defaultValue = "actor",
            description = "Which model drafts the next action from a guessed observation: actor (the actor's model, "
                    + "as in the paper) or speculator (the cheaper speculator model). Default: ${DEFAULT-VALUE}.")
    Drafter drafter;

    @Option(names = "--k", paramLabel = "K", defaultValue = "1",
            description = "Drafted next actions per guessed observation (1-5). Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "7",
            description = "ReAct steps before giving up (1-20). Default: ${DEFAULT-VALUE}.")
    int maxSteps;

    /** The longest fixed search latency: an hour (the run is real time). */
    private static final double MAX_SEARCH_SECONDS = 3600;

    @Option(names = "--search-latency", paramLabel = "SECONDS|recorded", defaultValue = "recorded",
            description = "Search latency: 'recorded' (the recorded Wikipedia latencies) or a fixed number of "
                    + "seconds (0-3600). Default: ${DEFAULT-VALUE}.")
    String searchLatency;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @CommandLine.Mixin
    ReportOption reportOption;

    /** How a failed or stopped question's spend says that it includes its speculation under way at the end. */
    static final String UNREAD_SPECULATION = "its speculation under way or unread at the end included, charged what it "
            + "had consumed, as cancelled calls are";

    @Override
    public Integer call() throws Exception {
        validate();
        // Ctrl-C or SIGTERM interrupts the question under way; the questions answered before it are printed
        try (SignalHook signal = SignalHook.interrupt("hotpotqa")) {
            HotpotqaRun run = answer(signal);
            // from here on a signal waits for the results; one that came as the last question ended finds them all
            boolean signalledAfterTheLast = !signal.claim() && run.stopped() == null;
            return report(run, signalledAfterTheLast);
        }
    }

    /**
     * Answers the chosen questions one after another, printing each one's line as it ends (not under {@code --json});
     * a question whose run fails is counted with what it spent, and one that a signal interrupts ends the run.
     */
    private HotpotqaRun answer(SignalHook signal) throws Exception {
        List<EpisodeResult> answered = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        double failedCost = 0;
        String stopped = null;
        try (LlmModels models = llm.oneSpeculator().open(); RealClock clock = new RealClock()) {
            List<HotpotQuestion> chosen;
            Speculator<ReactState> drafting;
            HotpotEpisode episode;
            try {
                HotpotDataset data = HotpotDataset.loadDistractor();
                chosen = choose(data.questions());
                List<RecordedRun> runs = RecordedRunReader.readAll(DataDirectory.require(HotpotDataset.RUNS));
                LocalWiki wiki = LocalWiki.of(data.pages(), runs);
                ToolLatency latency = "recorded".equals(searchLatency) ? RecordedToolLatency.from(runs)
                        : ToolLatency.fixed(fixedSearchSeconds(), 0.0);
                ReactPrompt prompt = ReactPrompt.paper();
                ObservationGuesser guesser = switch (speculator) {
                    case LOCAL -> new LocalCorpusGuesser(wiki);
                    case LLM -> new LlmObservationGuesser(models.speculator());
                    case NONE -> null;
                };
                drafting = guesser == null ? Speculator.none()
                        : new DraftingSpeculator(guesser, new LlmActionDrafter(
                                drafter == Drafter.SPECULATOR ? models.speculator() : models.actor(), prompt));
                // every committed search is speculated, also one adopted from a branch; drafts are not chained further
                SpeculationPolicy policy = guesser == null ? new SequentialPolicy() : new ChainedPolicy(k, 1);
                // one attempt per think: the client retries transient HTTP failures, and the thinker answers an
                // unusable answer with why; the runner's retry would send the first request again and get the same one
                episode = new HotpotEpisode(new WikiTools(wiki), latency,
                        LlmThinker.of(models.actor(), prompt, Duration.ofSeconds(2)), drafting, policy,
                        RunLimits.DEFAULT.withMaxAttempts(1), maxSteps);
            } catch (Exception e) {
                if (!signal.signalled()) {
                    throw e;
                }
                // the signal's interrupt stopped the loading (the wiki's index builder throws on it)
                return new HotpotqaRun(speculator, k, answered, failures, 0, SignalHook.stoppedBy()
                        + " as the data loaded, before the first question");
            }
            String speculation = speculator == ObservationSpeculator.NONE ? "" : ", " + UNREAD_SPECULATION;
            PrintWriter out = spec.commandLine().getOut();
            try (Progress bar = Progress.start("hotpotqa (questions)", chosen.size(), spec.commandLine().getErr())) {
                for (HotpotQuestion q : chosen) {
                    Usage[] unread = {Usage.ZERO};
                    try {
                        EpisodeResult r = episode.run(q, clock, u -> unread[0] = u);
                        answered.add(r);
                        if (!json) {
                            HotpotqaRun.printQuestion(r, out);
                        }
                    } catch (RunFailedException e) {
                        // the failed run's ledger keeps every attempt, the failed ones too: they were paid for; the
                        // speculation nobody read (under way at the end: charged what it had consumed) is in no entry
                        RunFigures inLedger = RunFigures.of(e.ledger());
                        Usage spent = new Usage(inLedger.promptTokens(), inLedger.completionTokens(), 0,
                                inLedger.costUsd()).plus(unread[0]);
                        failedCost += spent.costUsd();
                        if (signal.signalled()) {
                            stopped = SignalHook.stopped(answered.size() + failures.size(), chosen.size(), "questions")
                                    + ", during " + q.id() + " (" + SpentFormatter.COMPLETION.format(spent) + " spent on "
                                    + q.id() + speculation + ")";
                            break;
                        }
                        String why = e.getMessage() + " (spent " + SpentFormatter.COMPLETION.format(spent) + speculation
                                + ")";
                        failures.add(q.id() + ": " + why);
                        if (!json) {
                            out.printf("%s: run failed: %s%n", q.id(), why);
                        }
                    }
                    bar.step();
                }
            }
            if (drafting instanceof DraftingSpeculator d) {
                reportSpeculatorFailures(d);
            }
        }
        return new HotpotqaRun(speculator, k, answered, failures, failedCost, stopped);
    }

    /**
     * Prints the run (text or JSON), then writes the report unless a signal stopped it or came after the last question
     * ({@code signalledAfterTheLast}: the run is whole, but no report of a run a signal ended is written); the exit
     * code: 0, 1 when a question's run failed or a signal stopped the run.
     */
    private int report(HotpotqaRun run, boolean signalledAfterTheLast) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonOutput.pretty(run.toJson()));
        } else {
            run.print(out);
        }
        out.flush();
        if (run.stopped() != null) {
            reportOption.sayNotWritten(spec.commandLine().getErr(),
                    run.stopped() + "; the figures above are of the questions before it");
            return Main.EXIT_RUN_FAILED; // the JVM ends with 130 or 143 all the same
        }
        if (signalledAfterTheLast) {
            int questions = run.answered().size() + run.failures().size();
            reportOption.sayNotWritten(spec.commandLine().getErr(), SignalHook.stopped(questions, questions,
                    "questions"));
            return Main.EXIT_RUN_FAILED;
        }
        if (reportOption.requested()) {
            reportOption.write(run.html(), Notes.writer(spec, json));
        }
        return run.failures().isEmpty() ? 0 : 1;
    }

    /**
     * A speculator whose guesses or drafts failed (a wrong model, answers naming no action) showed only as few or
     * no hits; says how often and the first reason, on standard error (the run goes on without those drafts).
     */
    private void reportSpeculatorFailures(DraftingSpeculator d) {
        SpeculationTally tally = d.tally();
        if (tally.failed() > 0) {
            spec.commandLine().getErr().printf(Locale.ROOT,
                    "the speculator (%s) gave no draft %d of the %d times it was asked; "
                    + "the first: %s%n", d.name(), tally.failed(), tally.finished(), tally.firstFailure().orElse("?"));
            spec.commandLine().getErr().flush();
        }
    }

    private void validate() {
        if (questions < 1 || questions > 100) {
            throw new BadInputException("--questions must be between 1 and 100: " + questions);
        }
        if (k < 1 || k > 5) {
            throw new BadInputException("--k must be between 1 and 5: " + k);
        }
        if (maxSteps < 1 || maxSteps > 20) {
            throw new BadInputException("--max-steps must be between 1 and 20: " + maxSteps);
        }
        if (!"recorded".equals(searchLatency)) {
            fixedSearchSeconds();
        }
        if (ids != null && spec.commandLine().getParseResult().hasMatchedOption("--questions")) {
            throw new BadInputException("--questions and --ids exclude each other: --ids names the questions to answer");
        }
        llm.oneSpeculator().config();
    }

    /**
     * The seconds of a fixed {@code --search-latency}, read as every number option is ({@link DecimalNumbers}: {@code 2d}
     * and {@code 0x1p1} are no seconds).
     */
    private double fixedSearchSeconds() {
        try {
            double s = DecimalNumbers.parse(searchLatency);
            // a run is real time: 1e300 s did not fail, it hung on its first search
            if (s >= 0 && s <= MAX_SEARCH_SECONDS) {
                return s;
            }
        } catch (CommandLine.TypeConversionException e) {
            // named below, as a number out of range is
        }
        throw new BadInputException("--search-latency must be 'recorded' or seconds from 0 to " + (int) MAX_SEARCH_SECONDS
                + ": " + searchLatency);
    }

    private List<HotpotQuestion> choose(List<HotpotQuestion> all) {
        if (ids == null) {
            if (questions > all.size()) { // a shorter data file: running fewer questions than asked without a word
                throw new BadInputException("--questions " + questions + ": " + HotpotDataset.DISTRACTOR + " holds only "
                        + all.size() + (all.size() == 1 ? " question" : " questions"));
            }
            return all.subList(0, questions);
        }
        if (ids.stream().allMatch(String::isBlank)) {
            throw new BadInputException("--ids names no question (use d0..d" + (all.size() - 1) + ", comma separated)");
        }
        Map<String, HotpotQuestion> byId = all.stream().collect(Collectors.toMap(HotpotQuestion::id, Function.identity()));
        List<HotpotQuestion> out = new ArrayList<>();
        for (String id : ids) {
            HotpotQuestion q = byId.get(id.strip());
            if (q == null) {
                throw new BadInputException("--ids: unknown question " + id + " (use d0..d" + (all.size() - 1) + ")");
            }
            if (out.contains(q)) {
                throw new BadInputException("--ids names " + q.id() + " twice");
            }
            out.add(q);
        }
        return out;
    }
}
