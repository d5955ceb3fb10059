package dev.specagent.envs.retail.speculate;

import dev.specagent.core.call.Call;

import java.util.List;

/**
 * Replays recorded conversations call by call: before each actual tool call the speculator sees only the
 * transcript up to that call and proposes k calls; the tally counts the paper's accuracy. With
 * {@code online} the speculator then observes the actual call (learning as a deployed one would). A call
 * whose recorded arguments did not parse ({@link ToolCallRecord#hasUnparsedArguments}) counts as a miss and
 * is not learned from.
 */
public final class PredictionReplay {

    private PredictionReplay() {
    }

    /** Scores {@code speculator} on {@code conversations} (each a complete transcript) at top-{@code k}. */
    public static PredictionTally run(List<Transcript> conversations, CallSpeculator speculator, int k,
                                      boolean online) {
        return run(conversations, speculator, k, online, () -> { });
    }

    /** As {@link #run(List, CallSpeculator, int, boolean)}, calling {@code afterEach} after every conversation (progress). */
    public static PredictionTally run(List<Transcript> conversations, CallSpeculator speculator, int k,
                                      boolean online, Runnable afterEach) {
        PredictionTally tally = new PredictionTally();
        for (Transcript conversation : conversations) {
            tally.addConversation();
            Transcript prefix = Transcript.empty();
            for (Transcript.Entry e : conversation.entries()) {
                if (e.isCall()) {
                    Call actual = e.call().call();
                    boolean hit = !e.call().hasUnparsedArguments()
                            && speculator.propose(prefix, k).stream().anyMatch(s -> s.call().call().equals(actual));
                    tally.add(e.call().name(), hit);
                    if (online && !e.call().hasUnparsedArguments()) {
                        speculator.observe(prefix, e.call());
                    }
                }
                prefix = prefix.with(e);
            }
            afterEach.run();
        }
        return tally;
    }
}
