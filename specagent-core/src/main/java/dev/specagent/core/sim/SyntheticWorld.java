package dev.specagent.core.sim;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.sandbox.SnapshotSandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A synthetic world in simulated time, as in Proposition 1 of the Speculative Actions paper and
 * richer: an agent of {@code steps} calls, each depending on the previous call's value; an actor
 * whose latency is exponential with rate β; a speculator whose latency is exponential with rate α
 * and whose top-k guesses contain the actor's value with probability p, independently per call.
 *
 * <p>Everything random is a pure function of the seed and the call, so the sequential run and every
 * speculative run see the same latencies and values and can be compared run by run. Optionally the
 * calls have random side-effect classes over a {@link SnapshotSandbox} (values then depend on the
 * environment state, so a stale read would show in the trajectory), attempts fail or hang at random,
 * and calls cost tokens and money. The world tallies everything it charged and every call in flight,
 * so tests can check the ledger and leaks against it.
 *
 * <p>Its {@link #actor()} and {@link #speculator()} are not thread-safe: use them on a
 * {@link dev.specagent.core.clock.SimulatedClock}. The draws they are built from ({@link #attempt},
 * {@link #applyEffects}, {@link #guesses}) are thread-safe, for actors that run in real time.
 */
public final class SyntheticWorld {

    /**
     * The world's parameters.
     *
     * @param p                   probability that the speculator's guesses contain the actor's value
     * @param alpha               speculator rate: mean speculator latency is 1/α seconds
     * @param beta                actor rate: mean actor latency is 1/β seconds
     * @param steps               calls per run (T)
     * @param seed                seed of everything random
     * @param failureProbability  probability that an attempt fails (at its end)
     * @param hangProbability     probability that an attempt takes 20 times its latency
     * @param sideEffects         whether calls get random side-effect classes (else all read-only)
     * @param actorCostUsd        cost of a finished actor call (a cancelled one pays its elapsed share)
     * @param speculatorCostUsd   cost of a finished proposal
     */
    public record Config(double p, double alpha, double beta, int steps, long seed, double failureProbability,
                         double hangProbability, boolean sideEffects, double actorCostUsd, double speculatorCostUsd) {

        public Config {
            checkWorld(p, alpha, beta, steps);
            if (!(failureProbability >= 0 && failureProbability < 1) || !(hangProbability >= 0 && hangProbability < 1)) {
                throw new IllegalArgumentException("failure and hang probabilities must be in [0, 1)");
            }
            if (!(actorCostUsd >= 0) || Double.isInfinite(actorCostUsd)) {
                throw new IllegalArgumentException("actor cost must be a finite USD amount >= 0, got " + actorCostUsd);
            }
            if (!(speculatorCostUsd >= 0) || Double.isInfinite(speculatorCostUsd)) {
                throw new IllegalArgumentException("speculator cost must be a finite USD amount >= 0, got "
                        + speculatorCostUsd);
            }
        }

        /** The world of Proposition 1: no failures, no side effects, free calls. */
        public static Config proposition1(double p, double alpha, double beta, int steps, long seed) {
            return new Config(p, alpha, beta, steps, seed, 0, 0, false, 0, 0);
        }

        /**
         * Refuses a world out of range: p outside [0, 1], a rate that is not positive and finite, fewer than 1 step.
         *
         * @throws IllegalArgumentException naming the input
         */
        static void checkWorld(double p, double alpha, double beta, int steps) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p must be in [0, 1], got " + p);
            }
            if (!(alpha > 0) || !(beta > 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
                throw new IllegalArgumentException("alpha and beta must be positive rates, got " + alpha + " and " + beta);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be at least 1, got " + steps);
            }
        }
    }

    /** The agent's state: how many calls are committed and the last value. */
    public record State(int step, long previous) {
    }

    /** The environment's state: how many writes were applied and a digest of them. */
    public record Env(int writes, long digest) {
    }

    private static final long TOKENS_IN = 100;
    private static final long TOKENS_OUT = 50;
    private static final String[] TOOLS = {"read", "idempotent", "reversible", "irreversible"};

    private final Config config;
    private final SnapshotSandbox<Env> sandbox = new SnapshotSandbox<>(new Env(0, 0));
    private final List<Call> irreversibleEffects = Collections.synchronizedList(new ArrayList<>());
    private final List<Call> speculativeIrreversible = Collections.synchronizedList(new ArrayList<>());
    /**
     * Attempts so far of each call, keyed by its text and not by the {@link Call}, whose argument tree is most of its
     * size: a run at k = 8 starts about 75 distinct calls a step, and the calls themselves would outweigh the ledger.
     */
    private final ConcurrentHashMap<CallText, AtomicInteger> attemptsByCall = new ConcurrentHashMap<>();
    private int inFlight;
    private Usage charged = Usage.ZERO;

    public SyntheticWorld(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    // ---- the parts a runner needs --------------------------------------------------------------------

    public Agent<State> agent() {
        return new Agent<>() {
            @Override
            public State initialState() {
                return new State(0, 0);
            }

            @Override
            public Optional<Call> nextCall(State s) {
                if (s.step() >= config.steps()) {
                    return Optional.empty();
                }
                String tool = config.sideEffects() ? TOOLS[(int) (unit(s.step(), s.previous(), 11) * TOOLS.length)] : "step";
                return Optional.of(Call.of(tool, "t", s.step(), "prev", s.previous()));
            }

            @Override
            public State transition(State s, Outcome outcome) {
                return new State(s.step() + 1, outcome.value().asLong());
            }
        };
    }

    public SideEffects sideEffects() {
        return call -> switch (call.tool()) {
            case "idempotent" -> SideEffect.IDEMPOTENT;
            case "reversible" -> SideEffect.REVERSIBLE;
            case "irreversible" -> SideEffect.IRREVERSIBLE;
            default -> SideEffect.READ_ONLY;
        };
    }

    /** The environment state calls read and write. */
    public SnapshotSandbox<Env> sandbox() {
        return sandbox;
    }

    public Actor actor() {
        return new Actor() {
            @Override
            public CallHandle start(Call call, CallContext ctx) {
                Attempt attempt = attempt(call, ctx);
                double latency = attempt.hangs() ? attempt.latencySeconds() * 20 : attempt.latencySeconds();
                long start = ctx.clock().nanoTime();
                long duration = Math.max(1, Clock.nanos(latency));
                inFlight++;
                Clock.Timer timer = ctx.clock().schedule(duration, () -> {
                    inFlight--;
                    Usage usage = usage(config.actorCostUsd(), 1.0);
                    charge(usage);
                    if (attempt.fails()) {
                        ctx.fail(attempt.failure(), usage);
                        return;
                    }
                    applyEffects(attempt);
                    ctx.succeed(LongNode.valueOf(attempt.value()), usage);
                });
                return cancelHandle(timer, start, duration, ctx.clock(), config.actorCostUsd());
            }

            @Override
            public Estimate estimate(Call call) {
                return actorEstimate();
            }
        };
    }

    public Speculator<State> speculator() {
        return new Speculator<>() {
            @Override
            public CallHandle propose(State state, Call pending, int k, Clock clock, Completion<List<Guess>> done) {
                List<Guess> guesses = guesses(pending, k);
                long start = clock.nanoTime();
                long duration = Math.max(1, Clock.nanos(proposalSeconds(pending)));
                inFlight++;
                Clock.Timer timer = clock.schedule(duration, () -> {
                    inFlight--;
                    Usage usage = usage(config.speculatorCostUsd(), 1.0);
                    charge(usage);
                    done.succeed(guesses, usage);
                });
                return cancelHandle(timer, start, duration, clock, config.speculatorCostUsd());
            }

            @Override
            public Estimate estimate() {
                return speculatorEstimate();
            }
        };
    }

    // ---- the world's draws, for actors and speculators on any clock ----------------------------------

    /**
     * What one attempt of a call does, drawn from the seed, the call, the attempt number and the state it reads.
     *
     * @param call           the call
     * @param number         the attempt number of this call (0 first), counted over all its starts
     * @param value          the value it returns
     * @param latencySeconds how long it takes when it does not hang
     * @param hangs          whether it hangs (takes 20 times its latency in simulated time)
     * @param fails          whether it fails at its end
     * @param effect         its side-effect class
     * @param view           the environment state it reads and writes
     */
    public record Attempt(Call call, int number, long value, double latencySeconds, boolean hangs, boolean fails,
                          SideEffect effect, SnapshotSandbox.StateView<Env> view) {

        /** The injected failure this attempt reports when it {@link #fails()}. */
        public IllegalStateException failure() {
            return new IllegalStateException("injected failure of " + call + " attempt " + number);
        }
    }

    /**
     * Draws the next attempt of {@code call} started with {@code ctx}, noting an irreversible call started
     * speculatively. Thread-safe.
     */
    public Attempt attempt(Call call, CallContext ctx) {
        int number = attemptsByCall.computeIfAbsent(new CallText(call.tool(), call.canonicalArgs()),
                c -> new AtomicInteger()).getAndIncrement();
        SideEffect effect = sideEffects().of(call);
        if (effect == SideEffect.IRREVERSIBLE && ctx.speculative()) {
            speculativeIrreversible.add(call);
        }
        SnapshotSandbox.StateView<Env> view = ctx.view().map(sandbox::typed).orElse(sandbox.root());
        long value = mix(hash(call), view.state().digest()) & ((1L << 40) - 1);
        return new Attempt(call, number, value, exponential(config.beta(), hash(call), 1),
                unit(hash(call), number, 2) < config.hangProbability(), unit(hash(call), number, 3) < config.failureProbability(),
                effect, view);
    }

    /** Applies a successful attempt's write to its view and records an irreversible one. Thread-safe. */
    public void applyEffects(Attempt attempt) {
        if (attempt.effect() == SideEffect.REVERSIBLE || attempt.effect() == SideEffect.IRREVERSIBLE) {
            attempt.view().update(env -> new Env(env.writes() + 1, mix(env.digest(), hash(attempt.call()))));
        }
        if (attempt.effect() == SideEffect.IRREVERSIBLE) {
            irreversibleEffects.add(attempt.call());
        }
    }

    /** The speculator's top-k guesses of {@code pending}'s value, read against the committed state. */
    public List<Guess> guesses(Call pending, int k) {
        long h = hash(pending);
        long actual = mix(h, sandbox.root().state().digest()) & ((1L << 40) - 1);
        boolean contains = unit(h, 0, 4) < config.p();
        int rank = (int) (unit(h, 0, 5) * k);
        List<Guess> guesses = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            long wrong = mix(h, 1000 + i) & ((1L << 40) - 1) | (1L << 41);
            guesses.add(Guess.of(contains && i == rank ? actual : wrong, config.p() / k));
        }
        return guesses;
    }

    /** How long the speculator takes to guess {@code pending}'s value. */
    public double proposalSeconds(Call pending) {
        return exponential(config.alpha(), hash(pending), 6);
    }

    /** What an actor call is expected to take and cost. */
    public Estimate actorEstimate() {
        return new Estimate(1 / config.beta(), config.actorCostUsd(), config.actorCostUsd());
    }

    /** What a proposal is expected to take and cost. */
    public Estimate speculatorEstimate() {
        return new Estimate(1 / config.alpha(), config.speculatorCostUsd(), config.speculatorCostUsd());
    }

    /** The usage of a call costing {@code fullCost} when done, of which {@code share} (0 to 1) ran. */
    public static Usage usage(double fullCost, double share) {
        return new Usage(TOKENS_IN, (long) Math.floor(TOKENS_OUT * share), 0, fullCost * share);
    }

    // ---- what tests check ----------------------------------------------------------------------------

    /** Calls of this world in flight now; zero after a run that leaked nothing. */
    public int inFlight() {
        return inFlight;
    }

    /** Everything this world charged, cancelled calls included. */
    public Usage charged() {
        return charged;
    }

    /** Irreversible calls that took effect, in order. */
    public List<Call> irreversibleEffects() {
        return List.copyOf(irreversibleEffects);
    }

    /** Irreversible calls that were started off the committed path (must stay empty). */
    public List<Call> speculativeIrreversibleCalls() {
        return List.copyOf(speculativeIrreversible);
    }

    // ---- internals -------------------------------------------------------------------------------------

    /** A call's identity as its two strings, which the {@link Call} already holds (equal calls, equal texts). */
    private record CallText(String tool, String canonicalArgs) {
    }

    private CallHandle cancelHandle(Clock.Timer timer, long start, long duration, Clock clock, double fullCost) {
        return new CallHandle() {
            private boolean cancelled;

            @Override
            public Usage cancel() {
                if (cancelled || !timer.cancel()) {
                    return Usage.ZERO;
                }
                cancelled = true;
                inFlight--;
                double share = Math.min(1, (double) (clock.nanoTime() - start) / duration);
                Usage usage = usage(fullCost, share);
                charge(usage);
                return usage;
            }
        };
    }

    private void charge(Usage usage) {
        charged = charged.plus(usage);
    }

    private long hash(Call call) {
        return mix(config.seed(), call.toString().hashCode() * 0x9E3779B97F4A7C15L + call.canonicalArgs().length());
    }

    private double exponential(double rate, long h, int salt) {
        return -Math.log(1 - unit(h, 0, salt)) / rate;
    }

    private double unit(long a, long b, int salt) {
        return (mix(mix(config.seed() ^ salt, a), b) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser over two inputs. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E5A5L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
