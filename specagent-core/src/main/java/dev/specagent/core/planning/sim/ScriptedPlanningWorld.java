package dev.specagent.core.planning.sim;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.StepAgent;
import dev.specagent.core.planning.TokenPricing;
import dev.specagent.core.planning.depth.DraftProbability;
import dev.specagent.core.planning.depth.HindsightOracle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A planning world in simulated time driven by {@link TaskScript}s: the target answers the next step
 * of its plan on a correct prefix, the approximation its scripted draft; off the plan (a prefix holding
 * a wrong draft, whose results can never be committed) both answer a tool picked by hashing. Latency
 * and tokens follow each agent's {@link CallProfile}, drawn as a pure function of the seed, the task,
 * the agent and the prefix, so every run on the same seed sees the same call take the same time.
 * A cancelled call is charged the prompt tokens sent so far (for a two-call step, only the first call's
 * until the second starts; {@link CallProfile#promptCharged}) and the share of its generated tokens
 * produced so far.
 *
 * <p>The world tallies what it charged, the calls in flight and the cancels it received, so tests can
 * check the ledger and leaks against it. Its agents are not thread-safe: use them on a simulated clock;
 * the draws they are built from ({@link #targetCall}, {@link #approximationCall}) are thread-safe.
 */
public final class ScriptedPlanningWorld {

    private final Map<String, TaskScript> scripts = new HashMap<>();
    private final List<TaskScript> ordered;
    private final CallProfile approximationProfile;
    private final CallProfile targetProfile;
    private final TokenPricing pricing;
    private final List<String> vocabulary;
    private final long seed;
    private final DraftProbability drawProbability;
    private int inFlight;
    private long started;
    private long cancels;
    private Usage charged = Usage.ZERO;

    public ScriptedPlanningWorld(List<TaskScript> scripts, CallProfile approximation, CallProfile target,
                                 TokenPricing pricing, List<String> vocabulary, long seed) {
        this(scripts, approximation, target, pricing, vocabulary, seed, null);
    }

    /**
     * A world whose scripts were drawn at random by a generator that knows {@code drawProbability}, the
     * probability that a draft is right ({@link HindsightOracle#drawProbability}); null when unknown.
     */
    public ScriptedPlanningWorld(List<TaskScript> scripts, CallProfile approximation, CallProfile target,
                                 TokenPricing pricing, List<String> vocabulary, long seed,
                                 DraftProbability drawProbability) {
        this.drawProbability = drawProbability;
        this.ordered = List.copyOf(scripts);
        for (TaskScript s : ordered) {
            if (this.scripts.put(s.task().id(), s) != null) {
                throw new IllegalArgumentException("duplicate task id " + s.task().id());
            }
        }
        this.approximationProfile = Objects.requireNonNull(approximation);
        this.targetProfile = Objects.requireNonNull(target);
        this.pricing = Objects.requireNonNull(pricing);
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException("vocabulary must not be empty");
        }
        this.vocabulary = List.copyOf(vocabulary);
        this.seed = seed;
    }

    /** The tasks, in the order given. */
    public List<TaskScript> scripts() {
        return ordered;
    }

    public TaskScript script(PlanningTask task) {
        TaskScript s = scripts.get(task.id());
        if (s == null) {
            throw new IllegalArgumentException("unknown task " + task.id());
        }
        return s;
    }

    /** The target agent. */
    public StepAgent target() {
        return (task, prefix, clock, done) -> start(targetCall(task, prefix), clock, done);
    }

    /** The approximation agent. */
    public StepAgent approximation() {
        return (task, prefix, clock, done) -> start(approximationCall(task, prefix), clock, done);
    }

    /**
     * What one agent call on a prefix answers, takes and costs, drawn from the seed, the task, the agent and
     * the prefix; the same call always draws the same.
     *
     * @param step           the step it answers
     * @param latencySeconds how long it takes
     * @param prompt         its prompt tokens
     * @param generated      the tokens it generates when it finishes
     * @param profile        the agent's profile
     * @param pricing        the price of its tokens
     */
    public record StepCall(String step, double latencySeconds, long prompt, long generated, CallProfile profile,
                           TokenPricing pricing) {

        /** What the call costs when it finishes. */
        public Usage full() {
            return usage(prompt, generated);
        }

        /** What the call costs when cancelled after {@code share} (0 to 1) of its time. */
        public Usage cancelledAfter(double share) {
            return usage(profile.promptCharged(prompt, share), (long) Math.floor(generated * share));
        }

        private Usage usage(long promptTokens, long generatedTokens) {
            return new Usage(promptTokens, generatedTokens, 0, pricing.costUsd(promptTokens, generatedTokens));
        }
    }

    /** The target's call on {@code prefix}. Thread-safe. */
    public StepCall targetCall(PlanningTask task, List<String> prefix) {
        TaskScript s = script(task);
        String step = s.onPlan(prefix) && prefix.size() < s.targetPlan().size()
                ? s.targetPlan().get(prefix.size()) : offPlan(task, prefix, 1);
        return draw(task, prefix, targetProfile, 1, step);
    }

    /** The approximation's call on {@code prefix}. Thread-safe. */
    public StepCall approximationCall(PlanningTask task, List<String> prefix) {
        TaskScript s = script(task);
        String step = s.onPlan(prefix) && prefix.size() < s.drafts().size()
                ? s.drafts().get(prefix.size()) : offPlan(task, prefix, 2);
        return draw(task, prefix, approximationProfile, 2, step);
    }

    /** The hindsight oracle of this world. */
    public HindsightOracle oracle() {
        return new HindsightOracle() {
            @Override
            public int acceptedAhead(PlanningTask task, List<String> verified) {
                TaskScript s = script(task);
                return s.onPlan(verified) ? s.acceptedFrom(verified.size()) : 0;
            }

            @Override
            public double agreementRate(PlanningTask task) {
                return script(task).agreement();
            }

            @Override
            public Optional<Boolean> recordedOutcome(PlanningTask task, List<String> prefix, String draft) {
                TaskScript s = script(task);
                return s.onPlan(prefix) && s.recorded(prefix.size())
                        ? Optional.of(draft.equals(s.targetPlan().get(prefix.size()))) : Optional.empty();
            }

            @Override
            public double drawProbability(PlanningTask task, List<String> prefix, String draft) {
                return drawProbability == null ? Double.NaN : drawProbability.of(task, prefix, draft);
            }
        };
    }

    private StepCall draw(PlanningTask task, List<String> prefix, CallProfile profile, int agent, String step) {
        long h = mix(mix(seed, task.id().hashCode()), mix(agent, prefix.hashCode()));
        double latency = profile.latencyMedianSeconds() * Math.exp(profile.latencySigma() * gaussian(h, 1));
        long prompt = Math.round(profile.promptBase() + profile.promptPerStep() * prefix.size());
        long generated = Math.max(1, Math.round(profile.generatedMedian()
                * Math.exp(profile.generatedSigma() * gaussian(h, 2))));
        return new StepCall(step, latency, prompt, generated, profile, pricing);
    }

    private CallHandle start(StepCall call, Clock clock, Completion<String> done) {
        long duration = Math.max(1_000_000, Clock.nanos(call.latencySeconds()));
        long startNanos = clock.nanoTime();
        inFlight++;
        started++;
        Usage full = call.full();
        boolean[] finished = {false};
        Clock.Timer timer = clock.schedule(duration, () -> {
            inFlight--;
            finished[0] = true;
            charged = charged.plus(full);
            done.succeed(call.step(), full);
        });
        return new CallHandle() {
            private boolean cancelled;

            @Override
            public Usage cancel() {
                if (cancelled) {
                    return Usage.ZERO;
                }
                if (!timer.cancel()) {
                    // finished at this very instant, its report not yet handled: it cost everything
                    cancelled = true;
                    return finished[0] ? full : Usage.ZERO;
                }
                cancelled = true;
                inFlight--;
                cancels++;
                Usage usage = call.cancelledAfter(Math.min(1, (double) (clock.nanoTime() - startNanos) / duration));
                charged = charged.plus(usage);
                return usage;
            }
        };
    }

    private String offPlan(PlanningTask task, List<String> prefix, int agent) {
        long h = mix(mix(seed ^ 0x5DEECE66DL, task.id().hashCode()), mix(agent, prefix.hashCode()));
        return vocabulary.get((int) Math.floorMod(h, (long) vocabulary.size()));
    }

    /** Calls in flight now; zero after a run that leaked nothing. */
    public int inFlight() {
        return inFlight;
    }

    /** Calls started so far. */
    public long started() {
        return started;
    }

    /** Cancels that reached a call still running. */
    public long cancels() {
        return cancels;
    }

    /** Everything charged, cancelled calls included. */
    public Usage charged() {
        return charged;
    }

    /** A standard normal draw from a hash (Box–Muller). */
    private static double gaussian(long h, int salt) {
        double u1 = ((mix(h, salt) >>> 11) + 1) * 0x1.0p-53;
        double u2 = (mix(h, salt + 100) >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** SplitMix64's finaliser over two inputs. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E5A5L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
