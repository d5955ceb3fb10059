package dev.specagent.envs.chess.replay;

import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;
import dev.specagent.llm.price.PriceTable;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Replays a recorded chess game on the {@link SpeculativeRunner} in simulated time: the agent is
 * {@link ReplayAgent}, the actor {@link ReplayActor} and the speculator {@link ReplaySpeculator},
 * all driven by a {@link Timeline} of the record.
 *
 * <p>{@code algorithm1} is the paper's Algorithm 1 as the authors ran it: a ply whose actor answers
 * before its guesses waits for them ({@link Algorithm1Policy#awaitProposalBeforeCommit()}), hits do
 * not chain. {@code chained} is ours: speculation also runs on branches and hits chain.
 */
public final class ChessReplay {

    /** The policies a replay accepts. */
    public static final List<String> POLICIES = List.of("algorithm1", "chained", "sequential");

    /** The model of the recorded games (GPT-5 for both the players and the speculator), for their prices. */
    public static final String RECORDED_MODEL = "gpt-5";

    private ChessReplay() {
    }

    /** Prices token counts at the built-in price of {@link #RECORDED_MODEL}. */
    static UnaryOperator<Usage> recordedPrices() {
        var price = PriceTable.builtIn().priceOf(RECORDED_MODEL);
        return u -> price.price(u.promptTokens(), u.cachedPromptTokens(), u.completionTokens());
    }

    /** The policy called {@code name} as the replay runs it. */
    public static SpeculationPolicy policy(String name, int k, int maxDepth) {
        return switch (name) {
            case "algorithm1" -> new Algorithm1Policy(k, true);
            case "chained" -> new ChainedPolicy(k, maxDepth);
            case "sequential" -> new SequentialPolicy();
            default -> throw new IllegalArgumentException("--policy must be one of " + POLICIES + ", got '" + name + "'");
        };
    }

    /**
     * Runs the first {@code steps} plies of {@code timeline} under {@code policy} on a simulated clock; {@code price}
     * is the price the timeline's usages were priced at, which a cancelled call's tokens are charged at.
     */
    public static RunResult<ReplayState> run(Timeline timeline, int steps, SpeculationPolicy policy, long seed,
                                             UnaryOperator<Usage> price) {
        if (steps < 1 || steps > timeline.plies()) {
            throw new IllegalArgumentException("--steps must be in 1.." + timeline.plies() + ", got " + steps);
        }
        return SpeculativeRunner.<ReplayState>builder()
                .agent(new ReplayAgent(steps))
                .actor(new ReplayActor(timeline, price))
                .speculator(new ReplaySpeculator(timeline, price))
                .policy(policy)
                .clock(new SimulatedClock(seed))
                .sideEffects(SideEffects.allReadOnly()) // a move's think changes no board: the agent applies it
                .build()
                .run();
    }

    /** Replays the recorded game in {@code gameDir} with {@code k} guesses for {@code steps} plies. */
    public static ReplayReport replayGame(Path gameDir, int k, int steps, String policyName, int maxDepth) {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be at least 1, got " + k);
        }
        UnaryOperator<Usage> price = recordedPrices();
        RecordedGame game = StepsInfoReader.read(gameDir, k).priced(price);
        Timeline timeline = new RecordedGameTimeline(game, k);
        RunResult<ReplayState> result = run(timeline, steps, policy(policyName, k, maxDepth), 1, price);
        return new ReplayReport(game.id(), policyName, k, steps, result.figures(),
                result.finalState().moves().equals(timeline.recordedMoves(steps)),
                AuthorsBookkeeping.guessFile(game, steps), result.ledger());
    }

    /** Replays the authors' online speculative run of the game in {@code gameDir} with Algorithm 1. */
    public static ReplayReport replayOnline(Path gameDir) {
        UnaryOperator<Usage> price = recordedPrices();
        OnlineRun run = OnlineRunReader.read(gameDir).priced(price);
        if (!run.speculated()) {
            throw new IllegalArgumentException(gameDir.resolve("stepsinfo.json")
                    + " was played without speculation (no predictions recorded); only a speculative run can be replayed online");
        }
        Timeline timeline = new OnlineRunTimeline(run);
        int steps = timeline.plies();
        RunResult<ReplayState> result = run(timeline, steps, policy("algorithm1", run.k(), 1), 1, price);
        return new ReplayReport(run.id(), "algorithm1", run.k(), steps, result.figures(),
                result.finalState().moves().equals(timeline.recordedMoves(steps)), AuthorsBookkeeping.online(run), result.ledger());
    }
}
