/**
 * The speculation policies of the runner, side by side: {@link dev.specagent.core.policy.SequentialPolicy} (the
 * baseline), {@link dev.specagent.core.policy.Algorithm1Policy} (the paper's Algorithm 1),
 * {@link dev.specagent.core.policy.ChainedPolicy} and {@link dev.specagent.core.policy.AdaptivePolicy} (ours). A
 * policy decides where to speculate; the runner does the launching, joining and cancelling.
 */
package dev.specagent.core.policy;
