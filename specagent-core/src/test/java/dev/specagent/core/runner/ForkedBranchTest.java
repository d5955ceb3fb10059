package dev.specagent.core.runner;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.policy.BranchCandidate;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sandbox.SnapshotSandbox;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Branches below a speculative write that runs in its own fork. */
class ForkedBranchTest {

    private static final SideEffects EFFECTS = SideEffects.byTool(Map.of("check", SideEffect.READ_ONLY,
            "read", SideEffect.READ_ONLY, "write", SideEffect.REVERSIBLE), SideEffect.IRREVERSIBLE);

    /**
     * {@code check} says whether to {@code write x} before {@code read x}. The speculator guesses "yes",
     * so {@code write} runs ahead in a fork; the actual answer is "no", so the committed path reads
     * {@code x} directly. A read started below the running write must not answer for the committed read,
     * although the fork and the committed state have the same version until the write lands.
     */
    @Test
    void aReadBelowARunningSpeculativeWriteNeverAnswersForTheCommittedState() {
        Call check = Call.of("check");
        Call write = Call.of("write", "x", "spec");
        Call read = Call.of("read", "key", "x");
        Agent<List<String>> agent = new Agent<>() {
            @Override
            public List<String> initialState() {
                return List.of();
            }

            @Override
            public Optional<Call> nextCall(List<String> done) {
                if (done.isEmpty()) {
                    return Optional.of(check);
                }
                String last = done.get(done.size() - 1);
                return switch (last) {
                    case "check:yes" -> Optional.of(write);
                    case "check:no", "write:ok" -> Optional.of(read);
                    default -> Optional.empty();
                };
            }

            @Override
            public List<String> transition(List<String> done, Outcome outcome) {
                List<String> next = new ArrayList<>(done);
                next.add(outcome.call().tool() + ":" + outcome.text());
                return List.copyOf(next);
            }
        };
        Speculator<List<String>> speculator = Speculator.of((state, pending, k) ->
                pending.equals(check) ? List.of(Guess.of("yes", 0.9))
                        : pending.equals(write) ? List.of(Guess.of("ok", 0.9)) : List.of());
        List<List<String>> trajectories = new ArrayList<>();
        for (SpeculationPolicy policy : List.of(new SequentialPolicy(), new ChainedPolicy(1))) {
            SnapshotSandbox<Map<String, String>> sandbox = new SnapshotSandbox<>(Map.of());
            Actor actor = (call, ctx) -> {
                var view = sandbox.typed(ctx.view().orElseThrow());
                double seconds = switch (call.tool()) {
                    case "check" -> 10;
                    case "write" -> 1;
                    default -> 5;
                };
                Clock.Timer timer = ctx.clock().schedule(Clock.nanos(seconds), () -> {
                    switch (call.tool()) {
                        case "check" -> ctx.succeed(TextNode.valueOf("no"), Usage.ZERO);
                        case "write" -> {
                            view.update(m -> {
                                Map<String, String> next = new HashMap<>(m);
                                next.put("x", "spec");
                                return Map.copyOf(next);
                            });
                            ctx.succeed(TextNode.valueOf("ok"), Usage.ZERO);
                        }
                        default -> ctx.succeed(TextNode.valueOf(view.state().getOrDefault("x", "absent")), Usage.ZERO);
                    }
                });
                return () -> {
                    timer.cancel();
                    return Usage.ZERO;
                };
            };
            RunResult<List<String>> r = SpeculativeRunner.builder(agent).actor(actor).speculator(speculator)
                    .policy(policy).clock(new SimulatedClock(1)).sandbox(sandbox).sideEffects(EFFECTS).build().run();
            trajectories.add(r.trajectory().stream().map(Outcome::text).toList());
            assertThat(sandbox.root().state()).as(policy.name() + ": committed state").isEmpty();
        }
        assertThat(trajectories.get(0)).containsExactly("no", "absent");
        assertThat(trajectories.get(1)).as("chained").isEqualTo(trajectories.get(0));
    }

    /** Three steps: a read, a write, a read. */
    private static final Agent<Integer> READ_WRITE_READ = new Agent<>() {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Optional<Call> nextCall(Integer step) {
            return step < 3 ? Optional.of(Call.of(step == 1 ? "write" : "read", "t", step)) : Optional.empty();
        }

        @Override
        public Integer transition(Integer step, Outcome outcome) {
            return step + 1;
        }
    };

    /**
     * An adopted speculative write that always fails counts its speculative attempt among its attempts: with
     * at most 2, the write runs twice (in its fork, then on the committed state) and the run fails.
     */
    @Test
    void anAdoptedWriteThatKeepsFailingUsesUpItsAttemptsOnce() {
        SnapshotSandbox<Integer> sandbox = new SnapshotSandbox<>(0);
        List<Boolean> writeStarts = new ArrayList<>();
        Actor actor = (call, ctx) -> {
            boolean write = call.tool().equals("write");
            if (write) {
                writeStarts.add(ctx.speculative());
            }
            Clock.Timer timer = ctx.clock().schedule(Clock.nanos(write ? 2 : 1), () -> {
                if (write) {
                    ctx.fail(new IllegalStateException("disk full"), Usage.ZERO);
                } else {
                    ctx.succeed(TextNode.valueOf("v"), Usage.ZERO);
                }
            });
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        Speculator<Integer> speculator = (state, pending, k, clock, done) -> {
            Clock.Timer timer = clock.schedule(Clock.nanos(0.1), () -> done.succeed(List.of(Guess.of("v", 0.9)), Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        assertThatThrownBy(() -> SpeculativeRunner.builder(READ_WRITE_READ).actor(actor)
                        .speculator(speculator).sandbox(sandbox).policy(new ChainedPolicy(1, 2))
                        .limits(RunLimits.DEFAULT.withMaxAttempts(2)).clock(new SimulatedClock(1)).sideEffects(EFFECTS)
                        .build().run())
                .isInstanceOf(RunFailedException.class).hasMessageContaining("failed 2 time(s)");
        assertThat(writeStarts).as("the write ran in its fork, then once on the committed state").containsExactly(true, false);
        assertThat(sandbox.root().state()).isZero();
    }

    /**
     * An adopted speculative write fails once and is retried on the committed state, under a policy that
     * waits for the speculator's guesses before committing: the retry commits and the run goes on.
     */
    @Test
    void aRetriedAdoptedWriteCommitsUnderAPolicyThatAwaitsItsGuesses() {
        SnapshotSandbox<Integer> sandbox = new SnapshotSandbox<>(0);
        Actor actor = failingFirstWrite(sandbox, new ArrayList<>());
        Speculator<Integer> speculator = (state, pending, k, clock, done) -> {
            Clock.Timer timer = clock.schedule(Clock.nanos(pending.tool().equals("write") ? 10 : 0.1),
                    () -> done.succeed(List.of(Guess.of("v", 0.9)), Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        ChainedPolicy chained = new ChainedPolicy(1, 2);
        SpeculationPolicy awaiting = new SpeculationPolicy() {
            @Override
            public String name() {
                return "chained-awaiting";
            }

            @Override
            public int k() {
                return 1;
            }

            @Override
            public boolean speculateOnCommitted(boolean adopted) {
                return true;
            }

            @Override
            public boolean speculateOnBranch(int depth) {
                return chained.speculateOnBranch(depth);
            }

            @Override
            public boolean awaitProposalBeforeCommit() {
                return true;
            }

            @Override
            public List<BranchCandidate> choose(List<BranchCandidate> candidates) {
                return candidates;
            }
        };
        RunResult<Integer> r = SpeculativeRunner.builder(READ_WRITE_READ).actor(actor).speculator(speculator).sandbox(sandbox)
                .policy(awaiting).clock(new SimulatedClock(1)).sideEffects(EFFECTS).build().run();
        assertThat(r.trajectory()).hasSize(3);
        assertThat(sandbox.root().state()).isEqualTo(1);
    }

    /**
     * An adopted speculative write that fails is retried on the committed state as a committed call, and like any
     * committed call the speculator is asked about its value (the chained policy speculates on committed calls):
     * the write runs in its fork from 0.1 s, is adopted at 1 s, fails at 2.1 s and is retried; the speculator, never
     * asked about the write while it ran in its fork, is asked at 2.1 s on the committed state, and its guess opens
     * the read of step 2 at 2.2 s (asked about in turn; the retried write moves the version, so that read is issued
     * again at 4.1 s).
     */
    @Test
    void theSpeculatorIsAskedAboutARetriedAdoptedWrite() {
        SnapshotSandbox<Integer> sandbox = new SnapshotSandbox<>(0);
        List<ScriptedWorld.Start> starts = new ArrayList<>();
        Actor actor = failingFirstWrite(sandbox, starts);
        List<String> asked = new ArrayList<>();
        Speculator<Integer> speculator = (state, pending, k, clock, done) -> {
            asked.add(pending.tool() + " in state " + state + " at " + clock.nanoTime());
            Clock.Timer timer = clock.schedule(Clock.nanos(0.1), () -> done.succeed(List.of(Guess.of("v", 0.9)), Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        RunResult<Integer> r = SpeculativeRunner.builder(READ_WRITE_READ).actor(actor).speculator(speculator)
                .sandbox(sandbox).policy(new ChainedPolicy(1, 2)).clock(new SimulatedClock(1)).sideEffects(EFFECTS)
                .build().run();
        assertThat(r.trajectory()).hasSize(3);
        assertThat(sandbox.root().state()).isEqualTo(1);
        assertThat(asked).as("the speculator's proposals").containsExactly(
                "read in state 0 at 0", "write in state 1 at 2100000000", "read in state 2 at 2200000000",
                "read in state 2 at 4100000000");
        assertThat(starts).as("the read of step 2 ran ahead of the retried write")
                .contains(new ScriptedWorld.Start(Call.of("read", "t", 2), true, 2_200_000_000L));
    }

    /**
     * An actor whose first {@code write} fails after 2 s ("transient") and whose later ones add 1 to the sandbox's
     * view after 2 s; any other call answers "v" after 1 s. Every start is recorded in {@code starts}.
     */
    private static Actor failingFirstWrite(SnapshotSandbox<Integer> sandbox, List<ScriptedWorld.Start> starts) {
        int[] writes = {0};
        return (call, ctx) -> {
            starts.add(new ScriptedWorld.Start(call, ctx.speculative(), ctx.clock().nanoTime()));
            boolean write = call.tool().equals("write");
            boolean fail = write && writes[0]++ == 0;
            Clock.Timer timer = ctx.clock().schedule(Clock.nanos(write ? 2 : 1), () -> {
                if (fail) {
                    ctx.fail(new IllegalStateException("transient"), Usage.ZERO);
                } else {
                    if (write) {
                        sandbox.typed(ctx.view().orElseThrow()).update(n -> n + 1);
                    }
                    ctx.succeed(TextNode.valueOf("v"), Usage.ZERO);
                }
            });
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
    }
}
