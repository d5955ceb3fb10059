package dev.specagent.examples;

import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Speculation on your own agent, in plain Java. The agent follows a train route hop by hop: each step
 * asks a slow directory (a blocking method that takes 300 ms) for the next city, and the next question
 * depends on the answer; at Berlin it books the trip. A cheap speculator guesses each answer from
 * yesterday's cached timetable, which is right except for one hop. The agent runs sequentially, then
 * speculatively (each guess starts the next lookup at once); the committed route is the same, and the run
 * takes a fraction of the time. The booking is declared {@code IRREVERSIBLE}, so it never runs on a guess:
 * it starts only once the hop that reaches Berlin is committed, and it runs once. Real clock, real virtual threads. Run it with {@code scripts/example.sh QuickStart}.
 */
public final class QuickStart {

    /** The directory's answers (the truth), and the speculator's stale copy: wrong about Lyon. */
    static final Map<String, String> NEXT_HOP = Map.of("Lisbon", "Madrid", "Madrid", "Barcelona",
            "Barcelona", "Lyon", "Lyon", "Geneva", "Geneva", "Zurich", "Zurich", "Munich", "Munich", "Berlin");
    static final Map<String, String> CACHED = Map.of("Lisbon", "Madrid", "Madrid", "Barcelona",
            "Barcelona", "Lyon", "Lyon", "Paris", "Geneva", "Zurich", "Zurich", "Munich", "Munich", "Berlin");

    /** The agent: its state is the route so far; it asks for the next hop until it reaches Berlin, then books. */
    static final Agent<List<String>> ROUTE = new Agent<>() {
        @Override
        public List<String> initialState() {
            return List.of("Lisbon");
        }

        @Override
        public Optional<Call> nextCall(List<String> route) {
            return switch (route.getLast()) {
                case "booked" -> Optional.empty();
                case "Berlin" -> Optional.of(Call.of("book", "route", String.join(" > ", route)));
                default -> Optional.of(Call.of("nextHop", "from", route.getLast()));
            };
        }

        @Override
        public List<String> transition(List<String> route, Outcome outcome) {
            return Stream.concat(route.stream(), Stream.of(outcome.text())).toList();
        }
    };

    /** The slow actor: a plain blocking method, run on a virtual thread per call. Booking cannot be undone. */
    static final Actor DIRECTORY = Actor.blocking(call -> {
        Thread.sleep(300);
        return call.tool().equals("book") ? "booked" : NEXT_HOP.get(call.args().get("from").asText());
    });

    /** The fast speculator: yesterday's answer, 90% sure. */
    static final Speculator<List<String>> CACHE = Speculator.of((route, pending, k) ->
            List.of(Guess.of(CACHED.getOrDefault(pending.args().get("from").asText(), "?"), 0.9)));

    /** Runs the agent under {@code policy}. Only nextHop may run ahead: it is READ_ONLY; book is IRREVERSIBLE. */
    static RunResult<List<String>> run(SpeculationPolicy policy, Clock clock) {
        return SpeculativeRunner.builder(ROUTE).actor(DIRECTORY).speculator(CACHE).policy(policy).clock(clock)
                .sideEffects(SideEffects.byTool(Map.of("nextHop", SideEffect.READ_ONLY), SideEffect.IRREVERSIBLE))
                .build().run();
    }

    public static void main(String[] args) {
        try (RealClock clock = new RealClock()) {
            RunResult<List<String>> sequential = run(new SequentialPolicy(), clock);
            RunResult<List<String>> speculative = run(new ChainedPolicy(1, 3), clock); // 1 guess, 3 steps ahead
            report(sequential, speculative);
        }
    }

    /** Prints both runs' times, the time saved, the hit rate and whether the committed results are equal. */
    static void report(RunResult<?> sequential, RunResult<?> speculative) {
        RunFigures seq = sequential.figures();
        RunFigures spec = speculative.figures();
        System.out.printf("result: %s%n", speculative.finalState());
        System.out.printf(Locale.ROOT, "sequential %.2f s, speculative %.2f s: %.0f%% of the time saved%n",
                seq.wallSeconds(), spec.wallSeconds(), 100 * (1 - spec.wallSeconds() / seq.wallSeconds()));
        System.out.printf(Locale.ROOT, "hit rate %.0f%% (%d of %d calls answered by a speculative branch)%n",
                100 * spec.hitRate(), spec.hits(), spec.committedCalls());
        System.out.println("committed results equal: " + speculative.committedSameAs(sequential));
    }
}
