package dev.specagent.core.runner;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A small hand-written world for rule tests: the agent makes {@code steps} calls {@code step(t, prev)};
 * the actor answers {@code v<t>} after the latency given per step; the speculator answers after
 * {@code speculatorLatency} with guesses chosen by a test function. Records every start and cancel.
 */
final class ScriptedWorld {

    record Start(Call call, boolean speculative, long atNanos) {
    }

    record Cancel(Call call, long atNanos) {
    }

    /** A running call the runner told it was adopted ({@link CallHandle#adopted()}). */
    record Adoption(Call call, long atNanos) {
    }

    final int steps;
    final double[] latencies;
    double speculatorLatency = 0.1;
    double costPerCall = 0;
    Function<Integer, List<String>> guesses = t -> List.of("v" + t);
    final List<Start> starts = new ArrayList<>();
    final List<Cancel> cancels = new ArrayList<>();
    final List<Adoption> adoptions = new ArrayList<>();
    /** Calls the runner told they were adopted after they had reported (which {@link CallHandle#adopted()} rules out). */
    final List<Call> adoptedAfterReport = new ArrayList<>();
    final Map<Call, Integer> failuresLeft = new HashMap<>();
    int inFlight;
    int maxInFlightSeen;

    ScriptedWorld(int steps, double... latencies) {
        this.steps = steps;
        this.latencies = latencies;
    }

    static int step(Call call) {
        return call.args().get("t").intValue();
    }

    Agent<List<String>> agent() {
        return new Agent<>() {
            @Override
            public List<String> initialState() {
                return List.of();
            }

            @Override
            public Optional<Call> nextCall(List<String> values) {
                if (values.size() >= steps) {
                    return Optional.empty();
                }
                String prev = values.isEmpty() ? "" : values.get(values.size() - 1);
                return Optional.of(Call.of("step", "t", values.size(), "prev", prev));
            }

            @Override
            public List<String> transition(List<String> values, Outcome outcome) {
                List<String> next = new ArrayList<>(values);
                next.add(outcome.text());
                return List.copyOf(next);
            }
        };
    }

    Actor actor() {
        return new Actor() {
            @Override
            public CallHandle start(Call call, CallContext ctx) {
                Clock clock = ctx.clock();
                starts.add(new Start(call, ctx.speculative(), clock.nanoTime()));
                inFlight++;
                maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
                int t = step(call);
                boolean fail = failuresLeft.getOrDefault(call, 0) > 0;
                if (fail) {
                    failuresLeft.merge(call, -1, Integer::sum);
                }
                boolean[] reported = {false};
                Clock.Timer timer = clock.schedule(Clock.nanos(latencies[t % latencies.length]), () -> {
                    reported[0] = true;
                    inFlight--;
                    if (fail) {
                        ctx.fail(new IllegalStateException("injected"), Usage.ofCost(costPerCall));
                    } else {
                        ctx.succeed(TextNode.valueOf("v" + (t + 1)), Usage.ofCost(costPerCall));
                    }
                });
                return new CallHandle() {
                    @Override
                    public Usage cancel() {
                        if (timer.cancel()) {
                            inFlight--;
                            cancels.add(new Cancel(call, clock.nanoTime()));
                        }
                        return Usage.ZERO;
                    }

                    @Override
                    public void adopted() {
                        adoptions.add(new Adoption(call, clock.nanoTime()));
                        if (reported[0]) {
                            adoptedAfterReport.add(call);
                        }
                    }
                };
            }

            @Override
            public Estimate estimate(Call call) {
                return new Estimate(latencies[step(call) % latencies.length], costPerCall, costPerCall);
            }
        };
    }

    Speculator<List<String>> speculator() {
        return (state, pending, k, clock, done) -> {
            int t = step(pending);
            List<Guess> out = new ArrayList<>();
            for (String g : guesses.apply(t + 1)) {
                out.add(Guess.of(g, 0.5));
            }
            Clock.Timer timer = clock.schedule(Clock.nanos(speculatorLatency), () -> done.succeed(out, Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
    }

    long startsOf(int t) {
        return starts.stream().filter(s -> step(s.call()) == t).count();
    }
}
