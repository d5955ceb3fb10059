/**
 * The clocks a run lives on: {@link dev.specagent.core.clock.RealClock} (wall time, virtual threads for blocking
 * work) and {@link dev.specagent.core.clock.SimulatedClock} (a seeded deterministic discrete-event scheduler).
 * The runner and the planner run unchanged on either.
 */
package dev.specagent.core.clock;
