package dev.specagent.envs.retail.speculate;

import dev.specagent.core.call.Call;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays recorded conversations call by call: before each actual tool call the speculator sees only the
 * transcript up to that call and proposes k calls; the tally counts the paper's accuracy. Calls an assistant
 * message made together are predicted one after another, each seeing the earlier ones without their outputs
 * (which did not exist when the model chose them); their outputs show from the next entry on. With
 * {@code online} the speculator then observes the actual call (learning as a deployed one would). A call
 * whose recorded arguments did not parse ({@link ToolCallRecord#hasUnparsedArguments}) counts as a miss and
 * is not learned from. A speculator that proposes more than k calls breaks its contract and stops the replay.
 */
public final class PredictionReplay {

    private PredictionReplay() {
    }

    /** {@code prefix} followed by the calls of {@code turn} with their outputs; empties {@code turn}. */
    private static Transcript reveal(Transcript prefix, List<Transcript.Entry> turn) {
        for (Transcript.Entry e : turn) {
            prefix = prefix.with(e);
        }
        turn.clear();
        return prefix;
    }

    /**
     * The proposals, refused when there are more than {@code k}: a hit among them would be no top-k hit, and the
     * accuracy printed for k would be another k's.
     */
    private static List<ScoredCall> withinK(CallSpeculator speculator, List<ScoredCall> proposed, int k) {
        if (proposed.size() > k) {
            throw new IllegalStateException("speculator " + speculator.name() + " proposed " + proposed.size()
                    + " calls where k = " + k + ": its contract is at most k");
        }
        return proposed;
    }

    /** Scores {@code speculator} on {@code conversations} (each a complete transcript) at top-{@code k}. */
    public static PredictionTally run(List<Transcript> conversations, CallSpeculator speculator, int k,
                                      boolean online) {
        return run(conversations, speculator, k, online, soFar -> { });
    }

    /**
     * As {@link #run(List, CallSpeculator, int, boolean)}, calling {@code afterEach} after every conversation with
     * the tally so far (progress, and a copy kept for a run that a signal ends); on the calling thread.
     */
    public static PredictionTally run(List<Transcript> conversations, CallSpeculator speculator, int k,
                                      boolean online, Consumer<PredictionTally> afterEach) {
        PredictionTally tally = new PredictionTally();
        for (Transcript conversation : conversations) {
            tally.addConversation();
            Transcript prefix = Transcript.empty();
            List<Transcript.Entry> turn = new ArrayList<>(); // calls of one message whose outputs are not shown yet
            for (Transcript.Entry e : conversation.entries()) {
                if (!turn.isEmpty() && (!e.isCall() || e.turn() < 0 || e.turn() != turn.getFirst().turn())) {
                    prefix = reveal(prefix, turn);
                }
                if (!e.isCall()) {
                    prefix = prefix.with(e);
                    continue;
                }
                Transcript seen = prefix;
                for (Transcript.Entry earlier : turn) {
                    seen = seen.withCall(earlier.call().withOutput(null), earlier.turn());
                }
                Call actual = e.call().call();
                boolean hit = !e.call().hasUnparsedArguments()
                        && withinK(speculator, speculator.propose(seen, k), k).stream()
                        .anyMatch(s -> s.call().call().equals(actual));
                tally.add(e.call().name(), hit);
                if (online && !e.call().hasUnparsedArguments()) {
                    speculator.observe(seen, e.call());
                }
                turn.add(e);
            }
            afterEach.accept(tally);
        }
        return tally;
    }
}
