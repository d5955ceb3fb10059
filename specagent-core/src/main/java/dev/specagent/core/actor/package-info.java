/**
 * The parts that make calls: the {@link dev.specagent.core.actor.Actor} (the slow authority whose values are
 * committed) and the {@link dev.specagent.core.actor.Speculator} (the fast guesser of a pending call's value, as
 * {@link dev.specagent.core.actor.Guess}es), with the contracts they keep: a
 * {@link dev.specagent.core.actor.CallHandle} whose cancel stops the real work, a
 * {@link dev.specagent.core.actor.Completion} where the first report wins, and a
 * {@link dev.specagent.core.actor.CallContext} giving the clock and the state a call acts on.
 * {@link dev.specagent.core.actor.Actor#blocking} turns a plain blocking method into an actor.
 */
package dev.specagent.core.actor;
