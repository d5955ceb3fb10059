package dev.specagent.cli.chess;

import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Notes;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.SpentFormatter;
import dev.specagent.cli.Validate;
import dev.specagent.cli.Main;
import dev.specagent.cli.llm.LlmOptions;
import dev.specagent.cli.progress.PlyProgress;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.cli.report.RunSections;
import dev.specagent.core.clock.Clock;
import dev.specagent.llm.LlmModels;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.Policies;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunFailedException;
import dev.specagent.core.runner.RunResult;
import dev.specagent.envs.chess.live.LiveChessGame;
import dev.specagent.envs.chess.players.LlmMoveGuesser;
import dev.specagent.envs.chess.players.MoveGuesser;
import dev.specagent.envs.chess.players.PlayerFactory;
import dev.specagent.envs.chess.replay.RecordedGame;
import dev.specagent.envs.chess.uci.SearchLimit;
import dev.specagent.envs.chess.uci.SearchTimeoutException;
import dev.specagent.llm.client.ChatClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code specagent chess}: plays a live game twice, sequentially and under a speculation policy, and
 * reports the time saved, the hit rate, tokens and cost, and whether the moves were the same.
 */
@Command(name = "chess", mixinStandardHelpOptions = true,
        description = {"Plays a live chess game (the Speculative Actions paper's first experiment): while the player "
                + "to move thinks, the speculator guesses its move (top k) and the other player starts thinking about "
                + "its reply to each guess. The game is played once sequentially and once under --policy; with "
                + "deterministic players (Stockfish with a node or depth limit) the moves must be equal and "
                + "'lossless: true' is printed only when they were checked.",
                "Player specs: stockfish, stockfish:nodes=N, stockfish:depth=N, stockfish:movetime=MS, or llm (the "
                        + "--actor-model plays; as --speculator, the --speculator-model guesses). An LLM player is "
                        + "prompted with the board and the legal moves and must answer a UCI move in square brackets; "
                        + "an answer without a legal move is asked again up to --llm-retries times.",
                "On a 2-core machine concurrent searches slow each other down, so the measured saving of a local "
                        + "engine is small or negative; 'remote estimate' replays the same game with every think at "
                        + "its uncontended time, which is what a remote actor (an LLM) would see."},
        footer = {"", "Example:",
                "  specagent chess --white stockfish:nodes=200000 --black stockfish:nodes=200000 "
                        + "--speculator stockfish:nodes=5000 --policy algorithm1 --k 3 --plies 20",
                "  specagent chess --white llm --black llm --speculator llm --actor-model gpt-5 "
                        + "--actor-reasoning-effort high --speculator-model gpt-5 --speculator-reasoning-effort low "
                        + "--policy algorithm1 --k 3 --plies 30   (the paper's setting; needs OPENAI_API_KEY)",
                "  specagent chess --plies 10 --report chess.html   (timeline of the speculative game)",
                "", "Exit codes: 0 success, 1 a run failed (or a deterministic game played other moves), 2 bad input."})
public final class ChessCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--white", defaultValue = "stockfish", paramLabel = "ENGINE_SPEC",
            description = "White's player. Default: ${DEFAULT-VALUE} (nodes=200000).")
    String white;

    @Option(names = "--black", defaultValue = "stockfish", paramLabel = "ENGINE_SPEC",
            description = "Black's player. Default: ${DEFAULT-VALUE} (nodes=200000).")
    String black;

    @Option(names = "--speculator", defaultValue = "stockfish", paramLabel = "SPEC",
            description = "The guesser (a shallow search). Default: ${DEFAULT-VALUE} (nodes=5000).")
    String speculator;

    @Option(names = "--policy", defaultValue = "algorithm1",
            description = "sequential, algorithm1, chained or adaptive. Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--k", defaultValue = "3", description = "Guesses per move. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--depth", defaultValue = "3",
            description = "Depth limit of chained and adaptive speculation. Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--plies", defaultValue = "20", paramLabel = "N", description = "Half-moves to play. Default: ${DEFAULT-VALUE}.")
    int plies;

    /**
     * The most {@code --engines} may ask for: the warm-up starts every process before the games, so 2147483647 started
     * processes until the machine refused more, and the run never began.
     */
    static final int MAX_ENGINES = 1024;

    @Option(names = "--engines", paramLabel = "N",
            description = "Most Stockfish processes at once (one per concurrent search); a search beyond them waits "
                    + "for a free process, and its wait counts in the game's time; guesses and branches hold at most "
                    + "N - 1 of them (N >= 2), so the think on the committed path never waits behind them. Default: "
                    + "k + 2 (the players' thinks and the k branches), at most the number of cores + 2. At most "
                    + MAX_ENGINES + ".")
    Integer engines;

    @Option(names = "--speculation-nice", defaultValue = "10", paramLabel = "N",
            description = "Niceness (0 to 19) added to the Stockfish processes that serve guesses and branches, so "
                    + "that on a busy CPU the kernel serves the committed path's process (normal priority) first; 0 "
                    + "runs them at normal priority too. Needs 'nice' on the PATH (else a warning, and normal "
                    + "priority). Default: ${DEFAULT-VALUE}.")
    int speculationNice;

    @Option(names = "--search-timeout", paramLabel = "SECONDS",
            description = "Seconds a Stockfish search may go without its answer (bestmove) before it counts as hung: "
                    + "it is sent stop, and killed (a fresh process replaces it) if it does not stop either. A hung "
                    + "think of a player fails and the game stops with exit code 1 and the moves so far (the retries "
                    + "of a think whose engine was killed fail at once, so one hang costs one timeout); a hung guess "
                    + "is dropped and the game goes on. Default: from the search "
                    + "limit: 2 x MS + 10 s for movetime=MS, 300 s for nodes or depth.")
    Double searchTimeout;

    /**
     * The most {@code --llm-retries}: each retry sends the whole conversation again, one answer and one correction
     * longer, so a count beyond this only multiplies the cost of a model that does not find a legal move.
     */
    static final int MAX_LLM_RETRIES = 100;

    @Option(names = "--llm-retries", defaultValue = "3",
            description = "Times an LLM player is asked again after an answer without a legal move, 0 to "
                    + MAX_LLM_RETRIES + ". Default: ${DEFAULT-VALUE}.")
    int llmRetries;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @CommandLine.Mixin
    LlmOptions llmOptions;

    @CommandLine.Mixin
    ReportOption reportOption;

    /** Interrupts the games on Ctrl-C or SIGTERM; set while they run. */
    private SignalHook signal;

    @Override
    public Integer call() {
        Validate.atLeast("--plies", plies, 1);
        Validate.atLeast("--k", k, 1);
        Validate.atLeast("--depth", depth, 1);
        if (engines != null) {
            Validate.inRange("--engines", engines, 1, MAX_ENGINES);
        }
        Validate.inRange("--speculation-nice", speculationNice, 0, 19);
        Validate.oneOf("--policy", policy, Policies.NAMES);
        Validate.inRange("--llm-retries", llmRetries, 0, MAX_LLM_RETRIES);
        Duration timeout = searchTimeoutOption();
        SpeculationPolicy chosen = Policies.byName(policy, k, depth);
        int processes = engines != null ? engines : defaultEngines(k, Runtime.getRuntime().availableProcessors());
        PlayerFactory.check("--white", white); // before the LLM options, which may need an API key
        PlayerFactory.check("--black", black);
        PlayerFactory.check("--speculator", speculator);
        List<String> specs = List.of(white, black, speculator);
        boolean usesLlm = specs.stream().anyMatch(PlayerFactory::isLlm);
        boolean usesStockfish = specs.stream().anyMatch(s -> !PlayerFactory.isLlm(s));
        // checked even unused: a mistyped trace or model list is an error, not silently ignored
        LlmModels.Config llmConfig = llmOptions.oneSpeculator().config();
        LlmModels models = usesLlm ? llmOptions.open(llmConfig) : null;
        PlayerFactory.LlmClients clients = models == null ? null : new PlayerFactory.LlmClients() {
            @Override
            public ChatClient player() {
                return models.actor();
            }

            @Override
            public ChatClient speculator() {
                return models.speculator();
            }
        };
        // a signal interrupts the games: the game under way stops as a failed one does and is reported so
        try (SignalHook signal = SignalHook.interrupt("chess");
             PlayerFactory factory = new PlayerFactory(processes, speculationNice, clients, llmRetries, timeout)) {
            this.signal = signal;
            LiveChessGame.Setup setup = new LiveChessGame.Setup(factory.player("--white", white),
                    factory.player("--black", black), factory.guesser("--speculator", speculator), plies);
            if (usesStockfish) {
                try {
                    warmUp(factory, processes);
                } catch (SearchTimeoutException e) {
                    return hung("the engines' warm-up search", e);
                } catch (RuntimeException e) {
                    if (!signal.signalled()) {
                        throw e;
                    }
                    // the signal's interrupt, not a machine without Stockfish
                    return stoppedInWarmUp();
                }
            }
            if (!usesLlm) {
                // An untimed two-ply game first, so that the timed games both run on a warmed-up JVM.
                try {
                    LiveChessGame.play(new LiveChessGame.Setup(setup.white(), setup.black(), setup.speculator(),
                            Math.min(2, plies)), chosen);
                } catch (RunFailedException e) {
                    return failed("warm-up", e, null);
                }
            }
            LiveChessGame.Played sequential;
            factory.pool().takePeakSearches(); // each game's peak of searches on an engine, without the warm-up's
            try {
                sequential = play(setup, new SequentialPolicy());
            } catch (RunFailedException e) {
                return failed("sequential", e, null);
            }
            int sequentialPeak = factory.pool().takePeakSearches();
            LiveChessGame.Played speculative;
            try {
                speculative = chosen instanceof SequentialPolicy ? sequential : play(setup, chosen);
            } catch (RunFailedException e) {
                return failed(chosen.name(), e, sequential);
            }
            Integer peakEngineSearches = !usesStockfish ? null
                    : speculative == sequential ? sequentialPeak : factory.pool().takePeakSearches();
            boolean sameMoves = speculative.moves().equals(sequential.moves());
            boolean checked = setup.deterministic() && speculative != sequential;
            RunResult<?> remote = null;
            if (speculative != sequential && !usesLlm) {
                // Local engines only: LLM players are remote already, and re-asking them would cost money.
                try {
                    RecordedGame record = LiveChessGame.record(setup, sequential, k);
                    remote = LiveChessGame.remoteEstimate(record, chosen);
                } catch (IllegalStateException e) {
                    if (!signal.signalled()) {
                        throw e;
                    }
                    remote = null; // a signal stopped the estimate: both games are played, so they are reported
                }
            }
            // from here on a signal waits for the results; one that came as the speculative game or the estimate
            // ended finds both games whole: they are printed, but no report of a run the signal ended is written
            boolean signalledAfterBothGames = !signal.claim();
            PlayedGames games = new PlayedGames(setup, sequential, speculative, sameMoves, checked, remote, k,
                    peakEngineSearches);
            if (json) {
                printJson(games.json());
            } else {
                games.print(spec.commandLine().getOut());
            }
            reportEmptyGuesses(setup.speculator());
            if (signalledAfterBothGames) {
                reportOption.sayNotWritten(spec.commandLine().getErr(), SignalHook.afterBothRuns());
                return Main.EXIT_RUN_FAILED; // the JVM ends with 130 or 143 all the same
            }
            if (reportOption.requested()) {
                HtmlReport html = new HtmlReport("specagent chess", setup.white().describe() + " vs "
                        + setup.black().describe() + ", speculator " + setup.speculator().describe() + ", k=" + k);
                ChessReportSections.liveGame(html, sequential, speculative, remote);
                RunSections.summary(html, "The games", null, games.summaryLines());
                reportOption.write(html, Notes.writer(spec, json));
            }
            return checked && !sameMoves ? Main.EXIT_RUN_FAILED : 0;
        } finally {
            if (models != null) {
                models.close();
            }
        }
    }

    /**
     * A game failed (a player's call failed more often than allowed, e.g. an LLM that gave no legal move):
     * says which game, after which moves and why, and keeps what was played: the moves committed before the
     * failure and, when the speculative game failed, the finished sequential game.
     */
    private int failed(String game, RunFailedException e, LiveChessGame.Played sequential) {
        List<String> committed = e.committed().stream().map(Outcome::text).toList();
        PrintWriter err = spec.commandLine().getErr();
        // what the failed game spent (its ledger keeps every attempt, failed ones too): an LLM's answers cost money
        RunFigures spent = RunFigures.of(e.ledger());
        boolean stopped = signal != null && signal.signalled();
        String error = stopped ? SignalHook.stopped(committed.size() + " plies of the " + game + " game")
                : e.getMessage();
        if (stopped) {
            err.printf(Locale.ROOT, "specagent: %s, in %.2f s (%s)%n", error, spent.speculativeSeconds(),
                    committed.isEmpty() ? "no move" : String.join(" ", committed));
        } else {
            err.printf(Locale.ROOT, "specagent: the %s game failed after %d plies (%s): %s%n", game, committed.size(),
                    committed.isEmpty() ? "no move" : String.join(" ", committed), e.getMessage());
        }
        SearchTimeoutException timedOut = timedOutSearch(e);
        if (timedOut != null) {
            err.printf("specagent: the game stopped because the chess engine %s hung: no bestmove within %s s "
                    + "(--search-timeout%s); raise it if the engine is only slow%n", timedOut.engine(),
                    seconds(timedOut.timeout()), searchTimeout != null ? "" : ", by default from the search limit");
        }
        RunFigures seq = sequential == null ? null : sequential.result().figures();
        if (spent.promptTokens() + spent.completionTokens() > 0) {
            err.printf("specagent: the %s game spent %s%n", game, SpentFormatter.COMPLETION.format(spent));
        }
        if (sequential != null) {
            err.printf(Locale.ROOT, "specagent: the sequential game had finished: %d plies in %.2f s%s: %s%n",
                    sequential.moves().size(), sequential.wallSeconds(), seq.promptTokens() + seq.completionTokens() > 0
                            ? String.format(Locale.ROOT, ", cost $%.4f", seq.costUsd()) : "",
                    String.join(" ", sequential.moves()));
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("error", error);
            out.put("failed_game", game);
            out.put("committed_moves", committed);
            out.put("seconds", round(spent.speculativeSeconds()));
            out.put("prompt_tokens", spent.promptTokens());
            out.put("completion_tokens", spent.completionTokens());
            out.put("cost_usd", round(spent.costUsd()));
            if (sequential != null) {
                out.put("sequential_moves", sequential.moves());
                out.put("sequential_wall_seconds", round(sequential.wallSeconds()));
                out.put("sequential_cost_usd", round(seq.costUsd()));
            }
            out.put("total_cost_usd", round(spent.costUsd() + (seq == null ? 0 : seq.costUsd())));
            printJson(out);
        }
        err.flush();
        return Main.EXIT_RUN_FAILED;
    }

    /**
     * An LLM speculator whose guesses came back empty (failed calls, answers without a legal move) is said so on
     * standard error: otherwise a mistyped speculator model only shows as a hit rate of 0.
     */
    private void reportEmptyGuesses(MoveGuesser guesser) {
        if (guesser instanceof LlmMoveGuesser llm && llm.emptyGuesses() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT,
                    "specagent: the speculator (%s) gave no guess %d of the %d times it answered; the first: %s%n",
                    llm.describe(), llm.emptyGuesses(), llm.finishedGuesses(), llm.firstEmptyGuess().orElse("?"));
            err.flush();
        }
    }

    /** The {@code --search-timeout}, or null for the default of each search limit. */
    private Duration searchTimeoutOption() {
        if (searchTimeout == null) {
            return null;
        }
        if (!(searchTimeout >= 0.001 && searchTimeout <= Clock.MAX_CALL_SECONDS)) {
            throw new BadInputException("--search-timeout must be a number of seconds from 0.001 to "
                    + (long) Clock.MAX_CALL_SECONDS + ", got " + searchTimeout);
        }
        return Duration.ofNanos(Math.round(searchTimeout * 1e9));
    }

    /** The search timeout that failed the run, if one did. */
    private static SearchTimeoutException timedOutSearch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SearchTimeoutException timedOut) {
                return timedOut;
            }
        }
        return null;
    }

    /** Prints {@code out} as one line of JSON on standard output. */
    private void printJson(Map<String, Object> out) {
        PrintWriter w = spec.commandLine().getOut();
        w.println(JsonOutput.line(out));
        w.flush();
    }

    /** A search outside the games hung: says so and exits 1 (the engine runs, so it is no bad input). */
    private int hung(String what, SearchTimeoutException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf("specagent: %s failed: %s%n", what, e.getMessage());
        err.flush();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("error", e.getMessage());
            out.put("failed_game", "warm-up");
            out.put("committed_moves", List.of());
            printJson(out);
        }
        return Main.EXIT_RUN_FAILED;
    }

    /** A signal stopped the engines' start: said as a stop of the warm-up, before any game (the JSON of a hang). */
    private int stoppedInWarmUp() {
        String stopped = SignalHook.stopped("0 plies of the warm-up game") + ", as the engines started";
        PrintWriter err = spec.commandLine().getErr();
        err.println("specagent: " + stopped);
        err.flush();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("error", stopped);
            out.put("failed_game", "warm-up");
            out.put("committed_moves", List.of());
            printJson(out);
        }
        return Main.EXIT_RUN_FAILED;
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    /**
     * The default of {@code --engines}: a process for the think on the committed path, one for the guess and one
     * per branch (k + 2), but no more than the machine runs at once (cores + 2): more Stockfish processes than
     * cores only share the CPU, each search running slower, and {@code --k 100} would start 102 of them.
     */
    static int defaultEngines(int k, int cores) {
        return Math.min(k, Math.max(1, cores)) + 2;
    }

    /** Plays one timed game with a progress bar (per ply reached) on standard error. */
    private LiveChessGame.Played play(LiveChessGame.Setup setup, SpeculationPolicy policy) {
        try (Progress bar = Progress.start("game " + policy.name() + " (plies)", setup.plies(), spec.commandLine().getErr())) {
            PlyProgress plies = new PlyProgress(bar);
            LiveChessGame.Played played = LiveChessGame.play(setup, policy, plies::reached);
            plies.reached(played.moves().size());
            return played;
        }
    }

    /** Starts the engine processes before the timed games, so neither pays for their start. */
    private static void warmUp(PlayerFactory factory, int processes) throws SearchTimeoutException {
        try {
            factory.pool().warmUp(processes, factory.searchTimeout(SearchLimit.depth(1)));
        } catch (SearchTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw new BadInputException("cannot start Stockfish: " + e.getMessage(), e); // the machine lacks it: not a failed run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
