/**
 * Forkable environment state for speculative writes: a {@link dev.specagent.core.sandbox.Sandbox} hands each
 * branch a {@link dev.specagent.core.sandbox.Fork} of a versioned {@link dev.specagent.core.sandbox.View}, committed
 * only if the branch is adopted on the version it forked from. {@link dev.specagent.core.sandbox.SnapshotSandbox}
 * does it in O(1) over an immutable state value.
 */
package dev.specagent.core.sandbox;
