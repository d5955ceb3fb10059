/**
 * The vocabulary of a run: a {@link dev.specagent.core.call.Call} (tool name and canonical JSON arguments), its
 * {@link dev.specagent.core.call.Outcome} and {@link dev.specagent.core.call.Usage}, and the
 * {@link dev.specagent.core.call.SideEffect} of each tool ({@link dev.specagent.core.call.SideEffects}), which
 * decides what may run speculatively.
 */
package dev.specagent.core.call;
