package dev.specagent.envs.chess.live;

import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;
import dev.specagent.envs.chess.ChessActor;
import dev.specagent.envs.chess.ChessAgent;
import dev.specagent.envs.chess.ChessSpeculator;
import dev.specagent.envs.chess.players.ChessPlayer;
import dev.specagent.envs.chess.players.MoveGuesser;
import dev.specagent.envs.chess.replay.ChessReplay;
import dev.specagent.envs.chess.replay.RecordedGame;
import dev.specagent.envs.chess.replay.RecordedGameTimeline;
import dev.specagent.envs.chess.replay.RecordedStep;
import dev.specagent.envs.chess.rules.Position;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/**
 * Plays a live chess game on the runner in real time: the {@link ChessAgent}, a {@link ChessActor}
 * over the two players and a {@link ChessSpeculator} over the guesser.
 */
public final class LiveChessGame {

    private LiveChessGame() {
    }

    /** The two players, the speculator's guesser and the number of half-moves to play. */
    public record Setup(ChessPlayer white, ChessPlayer black, MoveGuesser speculator, int plies) {

        /** Whether both players always give the same move at the same position. */
        public boolean deterministic() {
            return white.deterministic() && black.deterministic();
        }
    }

    /** A played game: the run and its wall-clock time. */
    public record Played(RunResult<Position> result, double wallSeconds) {

        public List<String> moves() {
            return result.trajectory().stream().map(Outcome::text).toList();
        }
    }

    /** Plays the game under {@code policy} on a fresh real clock (warm up the engine pool first for fair timings). */
    public static Played play(Setup setup, SpeculationPolicy policy) {
        return play(setup, policy, ply -> { });
    }

    /**
     * Plays the game under {@code policy}, telling {@code thought} the ply count reached by every think
     * that succeeded (from the engine's thread; branches included, so it can run ahead of the game).
     */
    public static Played play(Setup setup, SpeculationPolicy policy, IntConsumer thought) {
        try (RealClock clock = new RealClock()) {
            SpeculativeRunner<Position> runner = SpeculativeRunner.<Position>builder()
                    .agent(new ChessAgent(setup.plies()))
                    .actor(new ChessActor(setup.white(), setup.black(), thought))
                    .speculator(new ChessSpeculator(setup.speculator()))
                    .policy(policy)
                    .clock(clock)
                    .sideEffects(SideEffects.allReadOnly()) // an engine's search changes no board: the agent applies the move
                    .build();
            long start = System.nanoTime();
            RunResult<Position> result = runner.run();
            return new Played(result, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The sequential game as a record in the form of the recorded GPT-5 games: each ply's move and its
     * uncontended think time and usage from the sequential run, and the guesser's top {@code k} at
     * each position with its time, measured now, one at a time and not as speculation: on an engine pool, at the
     * committed path's priority (a speculative search would run at the lower priority of speculation's processes,
     * slower than uncontended on a busy machine).
     */
    public static RecordedGame record(Setup setup, Played sequential, int k) {
        List<LedgerEntry> thinks = sequential.result().ledger().stream()
                .filter(e -> e.role() == Role.ACTOR && e.fate() == Fate.COMMITTED)
                .sorted(Comparator.comparingLong(LedgerEntry::startNanos)).toList();
        List<String> moves = sequential.moves();
        if (thinks.size() != moves.size()) {
            throw new IllegalStateException("the sequential run has " + moves.size() + " moves but "
                    + thinks.size() + " committed thinks");
        }
        List<RecordedStep> steps = new ArrayList<>();
        Position position = Position.start();
        try (RealClock clock = new RealClock()) {
            for (int ply = 0; ply < moves.size(); ply++) {
                long start = System.nanoTime();
                CompletableFuture<List<Guess>> guesses = new CompletableFuture<>();
                CompletableFuture<Usage> usage = new CompletableFuture<>();
                // not speculative: alone, the guess takes the reserved process at normal priority; as speculation
                // it would run on a niced shared process and be timed slow on a busy machine
                setup.speculator().guess(position, k, false, clock, new Completion<>() {
                    @Override
                    public void succeed(List<Guess> value, Usage u) {
                        usage.complete(u);
                        guesses.complete(value);
                    }

                    @Override
                    public void fail(Throwable error, Usage spent) {
                        usage.complete(spent);
                        guesses.complete(List.of());
                    }
                });
                List<String> guessed = guesses.get().stream().map(g -> g.value().asText()).toList();
                double guessSeconds = (System.nanoTime() - start) / 1e9;
                LedgerEntry think = thinks.get(ply);
                steps.add(new RecordedStep(ply, moves.get(ply), think.durationNanos() / 1e9, think.usage(),
                        guessed, guessSeconds, usage.get()));
                position = position.play(moves.get(ply));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the guesser", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return new RecordedGame("live", k, steps);
    }

    /**
     * What {@code policy} saves on the recorded game when every think takes its uncontended time, as
     * it does when the players are remote (LLMs): the record replayed on the simulated clock.
     */
    public static RunResult<?> remoteEstimate(RecordedGame record, SpeculationPolicy policy) {
        // the record's usages are as the players reported them (local engines: nothing), so they are kept as they are
        return ChessReplay.run(new RecordedGameTimeline(record, record.guesses()), record.steps().size(), policy, 1,
                UnaryOperator.identity());
    }
}
