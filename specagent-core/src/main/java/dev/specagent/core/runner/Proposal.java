package dev.specagent.core.runner;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Ledger;

import java.util.List;

/**
 * A speculator call about a {@link CallNode}'s value: its ledger attempt, the cost it reserved, and, once it reported,
 * its guesses; {@code useful} once one of the branches it opened was adopted. Plain data, confined to the event loop.
 */
final class Proposal {
    final Ledger.Attempt attempt;
    final double reservedUsd;
    CallHandle handle;
    EventCompletion<List<Guess>> completion;
    Clock.Timer timeout;
    List<Guess> guesses = List.of();
    boolean running = true;
    boolean useful;

    Proposal(Ledger.Attempt attempt, double reservedUsd) {
        this.attempt = attempt;
        this.reservedUsd = reservedUsd;
    }
}
