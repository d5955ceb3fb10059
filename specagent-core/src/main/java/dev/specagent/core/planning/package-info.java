/**
 * Dynamic Speculative Planning: the {@link dev.specagent.core.planning.SpeculativePlanner} runs a fast
 * approximation {@link dev.specagent.core.planning.StepAgent} ahead of a slow target one, verifies every draft in
 * parallel and cancels the later work on the first mismatch, so the committed plan is the target's own (with an
 * exact {@link dev.specagent.core.planning.StepMatcher}). Depth policies are in
 * {@link dev.specagent.core.planning.depth}, the online predictor in {@link dev.specagent.core.planning.predictor}.
 */
package dev.specagent.core.planning;
