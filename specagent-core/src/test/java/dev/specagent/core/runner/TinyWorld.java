package dev.specagent.core.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.policy.AdaptivePolicy;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.BranchCandidate;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sandbox.Fork;
import dev.specagent.core.sandbox.SnapshotSandbox;
import dev.specagent.core.sandbox.View;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A world with a tiny call space, for configurations {@link RandomWorld} never draws: the same call recurs at
 * many depths (calls carry no step number); values are few (so guesses often hit, and duplicates abound) and come
 * in several JSON spellings; writes (some of which change nothing but the version) go through
 * {@link CallContext#view()}, on the root for committed calls, at the start or at the end of a call; reads happen
 * at the start or at the end; latencies are whole seconds, so events coincide, timeouts included. The speculator
 * returns duplicates, more than k guesses, confidences of 0 and 1, and values the actor never returns (from which
 * the agent cannot go on: it throws); the policies include Algorithm 1 awaiting its guesses and a chained policy
 * that awaits them too. Faulty worlds have calls that fail or hang, and hung proposals, all under a call timeout;
 * some worlds run twice on the same sandbox. One instance per run: it tallies what it charged, what is in flight and every broken rule.
 */
final class TinyWorld {

    record Env(int writes, long digest) {
    }

    /** The agent's state; {@code impossible} after a value the actor never returns (only a guess can be one). */
    record State(int step, long last, long history, boolean impossible) {
    }

    /** The parameters of one world, drawn from a seed. */
    record Config(long seed, int steps, int args, int values, int format, List<String> tools, boolean readAtEnd,
                  boolean writeAtStart, boolean noopWrites, double failP, double hangP, int maxLatency,
                  int speculatorMaxLatency, double speculatorFailP, double trueGuessP, double costUsd,
                  int k, int depth, RunLimits limits, boolean sandboxed, boolean algorithm1Awaits,
                  double speculatorHangP, boolean twice) {

        static Config of(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            String[] all = {"read", "idem", "rev", "irr"};
            List<String> tools = new ArrayList<>();
            for (String t : all) {
                if (r.nextInt(3) != 0) {
                    tools.add(t);
                }
            }
            if (tools.isEmpty()) {
                tools.add("read");
            }
            boolean faults = r.nextInt(3) == 0;
            int maxLatency = 1 + r.nextInt(5);
            int k = 1 + r.nextInt(4);
            double cost = r.nextBoolean() ? 0 : 0.001 * (1 + r.nextInt(3));
            double budget = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> cost * r.nextInt(5);
                default -> Double.POSITIVE_INFINITY;
            };
            RunLimits limits = new RunLimits(1 + r.nextInt(6), budget, 60, faults ? Clock.nanos(maxLatency) : 0);
            return new Config(seed, 1 + r.nextInt(12), 1 + r.nextInt(3), 1 + r.nextInt(3), r.nextInt(4),
                    List.copyOf(tools), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(),
                    faults ? r.nextDouble() * 0.3 : 0, faults ? r.nextDouble() * 0.3 : 0, maxLatency, r.nextInt(3),
                    r.nextDouble() * 0.2, r.nextDouble(), cost, k, 1 + r.nextInt(5), limits, r.nextInt(3) != 0,
                    r.nextBoolean(), faults ? r.nextDouble() * 0.3 : 0, r.nextInt(5) == 0);
        }

        List<SpeculationPolicy> policies() {
            SplittableRandom r = new SplittableRandom(seed * 7 + 1);
            return List.of(new SequentialPolicy(), new Algorithm1Policy(k, algorithm1Awaits), new ChainedPolicy(k, depth),
                    new AdaptivePolicy(k, depth, r.nextDouble() * 0.05, r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.3),
                    new AwaitingChained(k, depth));
        }
    }

    /** Chained, but a committed call waits for its own guesses before it commits (a user's own policy may). */
    record AwaitingChained(int k, int depth) implements SpeculationPolicy {
        @Override
        public String name() {
            return "chained-awaiting";
        }

        @Override
        public boolean speculateOnCommitted(boolean adoptedFromBranch) {
            return true;
        }

        @Override
        public boolean speculateOnBranch(int d) {
            return d < depth;
        }

        @Override
        public boolean awaitProposalBeforeCommit() {
            return true;
        }

        @Override
        public List<BranchCandidate> choose(List<BranchCandidate> candidates) {
            return candidates;
        }
    }

    final Config config;
    final SnapshotSandbox<Env> sandbox = new SnapshotSandbox<>(new Env(0, 0));
    final SplittableRandom random;
    final List<String> violations = new ArrayList<>();
    final List<Call> irreversibleEffects = new ArrayList<>();
    final List<Fork> forks = new ArrayList<>();
    int inFlight;
    Usage charged = Usage.ZERO;

    TinyWorld(Config config, long runSeed) {
        this.config = config;
        this.random = new SplittableRandom(runSeed);
    }

    SnapshotSandbox<Env> runnerSandbox() {
        return config.sandboxed() ? sandbox : null;
    }

    SideEffects sideEffects() {
        return call -> switch (call.tool()) {
            case "idem" -> SideEffect.IDEMPOTENT;
            case "rev" -> SideEffect.REVERSIBLE;
            case "irr" -> SideEffect.IRREVERSIBLE;
            default -> SideEffect.READ_ONLY;
        };
    }

    Agent<State> agent() {
        return new Agent<>() {
            @Override
            public State initialState() {
                return new State(0, 0, 0, false);
            }

            @Override
            public Optional<Call> nextCall(State s) {
                if (s.step() >= config.steps()) {
                    return Optional.empty();
                }
                long h = mix(config.seed(), s.last());
                String tool = config.tools().get((int) Math.floorMod(h, (long) config.tools().size()));
                return Optional.of(Call.of(tool, "a", Math.floorMod(h >>> 8, (long) config.args())));
            }

            @Override
            public State transition(State s, Outcome outcome) {
                if (s.impossible()) {
                    throw new IllegalStateException("the agent cannot go on from a value the actor never returns");
                }
                String text = CanonicalJson.toCanonicalString(outcome.value());
                long v = text.hashCode();
                boolean impossible = config.format() != 3
                        && text.equals(CanonicalJson.toCanonicalString(spell(config.values(), 0)));
                return new State(s.step() + 1, v, mix(s.history(), v), impossible);
            }
        };
    }

    long hash(Call call) {
        return mix(config.seed(), call.toString().hashCode());
    }

    int valueOf(Call call, Env env) {
        return (int) Math.floorMod(mix(hash(call), env.digest()), (long) config.values());
    }

    /** The JSON of value {@code n} in this world's format, spelt one of several ways. */
    JsonNode spell(int n, int spelling) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (config.format()) {
            case 0 -> switch (spelling % 3) {
                case 0 -> f.numberNode(n);
                case 1 -> f.numberNode((double) n);
                default -> f.numberNode(new BigDecimal(n + ".000"));
            };
            case 1 -> f.textNode("v" + n);
            case 2 -> {
                ObjectNode o = f.objectNode();
                if (spelling % 2 == 0) {
                    o.put("v", n);
                    o.put("a", "x");
                } else {
                    o.put("a", "x");
                    o.put("v", (double) n);
                }
                yield o;
            }
            default -> f.booleanNode(n % 2 == 0);
        };
    }

    private SnapshotSandbox.StateView<Env> viewOf(CallContext ctx) {
        return ctx.view().map(sandbox::typed).orElse(sandbox.root());
    }

    private void write(Call call, SideEffect effect, SnapshotSandbox.StateView<Env> view) {
        if (effect == SideEffect.REVERSIBLE || effect == SideEffect.IRREVERSIBLE) {
            // with noopWrites, some writes keep the content (a write that changes nothing still moves the version)
            view.update(env -> config.noopWrites() && valueOf(call, env) == 0 ? new Env(env.writes(), env.digest())
                    : new Env(env.writes() + 1, mix(env.digest(), hash(call))));
        }
        if (effect == SideEffect.IRREVERSIBLE) {
            irreversibleEffects.add(call);
        }
    }

    Actor actor() {
        return new Actor() {
            @Override
            public CallHandle start(Call call, CallContext ctx) {
                SideEffect effect = sideEffects().of(call);
                SnapshotSandbox.StateView<Env> view = viewOf(ctx);
                if (effect == SideEffect.IRREVERSIBLE && ctx.speculative()) {
                    violations.add("irreversible " + call + " started speculatively");
                }
                if (effect == SideEffect.REVERSIBLE && ctx.speculative() && view == sandbox.root()) {
                    violations.add("reversible " + call + " started speculatively on the committed state");
                }
                if (view != sandbox.root()) {
                    forks.add((Fork) view);
                }
                Clock clock = ctx.clock();
                int latency = 1 + random.nextInt(config.maxLatency());
                if (random.nextDouble() < config.hangP()) {
                    latency *= 20;
                }
                boolean fails = random.nextDouble() < config.failP();
                int spelling = random.nextInt(6);
                long start = clock.nanoTime();
                long duration = Clock.nanos(latency);
                int readAtStart = valueOf(call, view.state());
                boolean[] wrote = {false};
                if (config.writeAtStart() && !fails) {
                    write(call, effect, view);
                    wrote[0] = true;
                }
                inFlight++;
                boolean[] ended = {false};
                Clock.Timer timer = clock.schedule(duration, () -> {
                    ended[0] = true;
                    inFlight--;
                    Usage usage = Usage.ofCost(config.costUsd());
                    charged = charged.plus(usage);
                    if (fails) {
                        ctx.fail(new IllegalStateException("injected failure of " + call), usage);
                        return;
                    }
                    if (!wrote[0]) {
                        write(call, effect, view);
                    }
                    int v = config.readAtEnd() ? valueOf(call, view.state()) : readAtStart;
                    ctx.succeed(spell(v, spelling), usage);
                });
                return () -> {
                    if (ended[0] || !timer.cancel()) {
                        return Usage.ZERO;
                    }
                    ended[0] = true;
                    inFlight--;
                    double share = Math.min(1, (double) (clock.nanoTime() - start) / duration);
                    Usage usage = Usage.ofCost(config.costUsd() * share);
                    charged = charged.plus(usage);
                    if (wrote[0] && effect != SideEffect.READ_ONLY) {
                        // it took effect: it reports before the cancel returns (CallHandle's contract)
                        int v = config.readAtEnd() ? valueOf(call, view.state()) : readAtStart;
                        ctx.succeed(spell(v, spelling), usage);
                    }
                    return usage;
                };
            }

            @Override
            public Estimate estimate(Call call) {
                return new Estimate(config.maxLatency() / 2.0, config.costUsd(), config.costUsd());
            }
        };
    }

    Speculator<State> speculator() {
        return new Speculator<>() {
            @Override
            public CallHandle propose(State state, Call pending, int k, Clock clock, Completion<List<Guess>> done) {
                int count = random.nextInt(2 * k + 3);
                List<Guess> guesses = new ArrayList<>();
                int actual = valueOf(pending, sandbox.root().state());
                for (int i = 0; i < count; i++) {
                    int n = random.nextDouble() < config.trueGuessP() ? actual : random.nextInt(config.values() + 1);
                    double confidence = switch (random.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> 1;
                        default -> random.nextDouble();
                    };
                    guesses.add(new Guess(spell(n, random.nextInt(6)), confidence));
                }
                boolean fails = random.nextDouble() < config.speculatorFailP();
                int latency = random.nextInt(config.speculatorMaxLatency() + 1);
                boolean hangs = random.nextDouble() < config.speculatorHangP(); // until cancelled
                inFlight++;
                boolean[] ended = {false};
                Runnable report = () -> {
                    ended[0] = true;
                    inFlight--;
                    Usage usage = Usage.ofCost(config.costUsd() / 10);
                    charged = charged.plus(usage);
                    if (fails) {
                        done.fail(new IllegalStateException("speculator failed"), usage);
                    } else {
                        done.succeed(guesses, usage);
                    }
                };
                Clock.Timer timer = hangs ? () -> true : clock.schedule(Clock.nanos(latency), report);
                return () -> {
                    if (ended[0] || !timer.cancel()) {
                        return Usage.ZERO;
                    }
                    ended[0] = true;
                    inFlight--;
                    return Usage.ZERO;
                };
            }

            @Override
            public Estimate estimate() {
                return new Estimate(config.speculatorMaxLatency() / 2.0, config.costUsd() / 10, config.costUsd() / 10);
            }
        };
    }

    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E5A5L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The committed environment after the run. */
    Env env() {
        return sandbox.root().state();
    }

    /** Whether {@code v} is the committed root (for tests). */
    boolean isRoot(View v) {
        return v == sandbox.root();
    }
}
