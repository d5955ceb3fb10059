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
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sandbox.SnapshotSandbox;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A branch's agent state is built from a guess, so it can differ from the committed state even when the branch's
 * call is the committed one. Once such a call is on the committed path, the runner must judge it from the committed
 * state, never evaluate the agent on the guessed one with the actual value (a pair the sequential run never sees).
 */
class GuessedStateTest {

    /** The agent's state: the step, and whether the previous answer announced that the next one is a number. */
    record Mode(int step, boolean numeric) {
    }

    /**
     * Three calls {@code read 0}, {@code write 1}, {@code read 2} whatever the answers; an answer starting with
     * {@code n:} announces a numeric answer next, which the agent parses (so it throws on any other text).
     */
    private static final Agent<Mode> ANNOUNCING = new Agent<>() {
        @Override
        public Mode initialState() {
            return new Mode(0, false);
        }

        @Override
        public Optional<Call> nextCall(Mode m) {
            return m.step() >= 3 ? Optional.empty() : Optional.of(Call.of(m.step() == 1 ? "write" : "read", "t", m.step()));
        }

        @Override
        public Mode transition(Mode m, Outcome outcome) {
            if (m.numeric()) {
                Long.parseLong(outcome.text()); // the announced number
            }
            return new Mode(m.step() + 1, outcome.text().startsWith("n:"));
        }
    };

    private static final SideEffects EFFECTS = SideEffects.byTool(Map.of("read", SideEffect.READ_ONLY),
            SideEffect.REVERSIBLE);

    /**
     * Under Algorithm 1 awaiting its guesses, the speculator's wrong guess {@code n:1} of {@code read 0} opens
     * {@code write 1} in a fork (the guessed state expects a number). The write is adopted, fails once and is retried
     * on the committed state, with a proposal that outlasts it. Whether the retry waits for that proposal must be
     * judged from the committed state ({@code a2} is a fine answer there), not the guessed one, where the agent
     * cannot take {@code a2}: the run must commit what the sequential run commits.
     */
    @Test
    void aRetriedAdoptedWriteIsJudgedFromTheCommittedStateNotTheGuessedOne() {
        RunResult<Mode> sequential = run(new SequentialPolicy(), new SnapshotSandbox<>(0));
        SnapshotSandbox<Integer> sandbox = new SnapshotSandbox<>(0);
        RunResult<Mode> speculative = run(new Algorithm1Policy(1, true), sandbox);
        assertThat(speculative.committedSameAs(sequential)).isTrue();
        assertThat(sandbox.root().state()).isEqualTo(1);
    }

    private static RunResult<Mode> run(SpeculationPolicy policy, SnapshotSandbox<Integer> sandbox) {
        int[] writes = {0};
        Actor actor = (call, ctx) -> {
            boolean write = call.tool().equals("write");
            boolean fail = write && writes[0]++ == 0;
            int t = call.args().get("t").intValue();
            Clock.Timer timer = ctx.clock().schedule(Clock.nanos(write ? 2 : 1), () -> {
                if (fail) {
                    ctx.fail(new IllegalStateException("transient"), Usage.ZERO);
                    return;
                }
                if (write) {
                    sandbox.typed(ctx.view().orElseThrow()).update(n -> n + 1);
                }
                ctx.succeed(TextNode.valueOf("a" + (t + 1)), Usage.ZERO);
            });
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        Speculator<Mode> speculator = (state, pending, k, clock, done) -> {
            Clock.Timer timer = clock.schedule(Clock.nanos(pending.tool().equals("write") ? 10 : 0.1),
                    () -> done.succeed(List.of(Guess.of("n:1", 0.9)), Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        return SpeculativeRunner.builder(ANNOUNCING).actor(actor).speculator(speculator).sandbox(sandbox)
                .sideEffects(EFFECTS).policy(policy).clock(new SimulatedClock(1)).build().run();
    }

    /**
     * Keeps the answers as written; asks {@code ask 0}, then {@code ask 1} about the first answer in lower case
     * (so a guess that differs from the answer in case reaches the same call), then {@code ask 2} with the notes
     * as written.
     */
    private static final Agent<List<String>> NOTE_TAKER = new Agent<>() {
        @Override
        public List<String> initialState() {
            return List.of();
        }

        @Override
        public Optional<Call> nextCall(List<String> notes) {
            return switch (notes.size()) {
                case 0 -> Optional.of(Call.of("ask", "t", 0));
                case 1 -> Optional.of(Call.of("ask", "t", 1, "about", notes.get(0).toLowerCase()));
                case 2 -> Optional.of(Call.of("ask", "t", 2, "notes", String.join("|", notes)));
                default -> Optional.empty();
            };
        }

        @Override
        public List<String> transition(List<String> notes, Outcome outcome) {
            List<String> next = new ArrayList<>(notes);
            next.add(outcome.text());
            return List.copyOf(next);
        }
    };

    /**
     * The guess {@code paris} of {@code ask 0} (the actor says {@code Paris}) opens {@code ask 1 about paris}, the
     * committed call, so it is adopted; the right guess {@code Seine} of its value must then open
     * {@code ask 2} from the committed notes {@code Paris|Seine}, the call the run makes next, not from the
     * branch's {@code paris|Seine}, a call the run never makes, and {@code ask 2} is a hit. With unlimited depth the
     * branch {@code ask 1} was guessed about at its launch and those guesses are judged again at its adoption (2 s),
     * so {@code ask 2} runs 2-4 s; with depth limit 1 the adopted call is guessed about at its adoption, so
     * {@code ask 2} runs 2.1-4.1 s. From the guessed state it would be issued only when {@code ask 1} ends (3.1 s).
     */
    @Test
    void guessesBelowAnAdoptedCallLeadFromTheCommittedStateNotTheGuessedOne() {
        assertAskTwoIsAHit(new ChainedPolicy(1), 4.0);
        assertAskTwoIsAHit(new ChainedPolicy(1, 1), 4.1);
    }

    private static void assertAskTwoIsAHit(SpeculationPolicy policy, double seconds) {
        RunResult<List<String>> speculative = noteTaking(policy);
        assertThat(speculative.committedSameAs(noteTaking(new SequentialPolicy()))).isTrue();
        assertThat(speculative.trajectory().get(2).call().args().get("notes").textValue()).isEqualTo("Paris|Seine");
        assertThat(speculative.ledger()).as("ask 1 and ask 2 are committed from branches")
                .filteredOn(e -> e.role() == Role.BRANCH && e.fate() == Fate.COMMITTED).hasSize(2);
        assertThat(speculative.figures().speculativeSeconds()).isCloseTo(seconds, within(1e-9));
    }

    /**
     * {@code ask 0} takes 2 s, {@code ask 1} 3 s and {@code ask 2} 2 s; the speculator answers after 0.1 s with
     * {@code paris} for {@code ask 0} and {@code Seine} for {@code ask 1}.
     */
    private static RunResult<List<String>> noteTaking(SpeculationPolicy policy) {
        String[] answers = {"Paris", "Seine", "done"};
        double[] seconds = {2, 3, 2};
        String[] guesses = {"paris", "Seine", "done"};
        Actor actor = (call, ctx) -> {
            int t = call.args().get("t").intValue();
            Clock.Timer timer = ctx.clock().schedule(Clock.nanos(seconds[t]),
                    () -> ctx.succeed(TextNode.valueOf(answers[t]), Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        Speculator<List<String>> speculator = (state, pending, k, clock, done) -> {
            Clock.Timer timer = clock.schedule(Clock.nanos(0.1),
                    () -> done.succeed(List.of(Guess.of(guesses[pending.args().get("t").intValue()], 0.9)), Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        return SpeculativeRunner.builder(NOTE_TAKER).actor(actor).speculator(speculator)
                .sideEffects(SideEffects.allReadOnly()).policy(policy).clock(new SimulatedClock(1)).build().run();
    }
}
