package dev.specagent.core.planning;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.planning.depth.DepthPolicy;

/**
 * What a {@link SpeculativePlanner} was built with, as its {@link SpeculativePlanner.Builder} documents each part:
 * the agents, the depth policy, the matcher, the clock and ledger, and the limits. Checked by the builder; shared,
 * unchanged, by every plan and episode of the planner.
 *
 * @param callTimeoutNanos 0 for no timeout
 * @param maxAttempts      attempts of one target call on the committed path, at least 1
 */
record PlannerSettings(StepAgent approximation, StepAgent target, DepthPolicy policy, StepMatcher matcher, Clock clock,
                       Ledger ledger, int maxSteps, boolean lean, long callTimeoutNanos, int maxAttempts) {
}
