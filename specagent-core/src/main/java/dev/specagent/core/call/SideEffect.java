package dev.specagent.core.call;

/**
 * How a call touches the world, which decides whether it may run speculatively.
 *
 * <ul>
 *   <li>{@link #READ_ONLY}: changes nothing; runs speculatively against the state it would see.</li>
 *   <li>{@link #IDEMPOTENT}: repeating it, or running it when it turns out not to be needed, leaves
 *       the world as the committed run would (warming a cache, a pure computation); runs
 *       speculatively like a read, and like a read never writes the sandbox view it is given.</li>
 *   <li>{@link #REVERSIBLE}: changes state that a {@link dev.specagent.core.sandbox.Sandbox} can fork;
 *       runs speculatively only inside a fork, which is committed if the branch is adopted and
 *       discarded otherwise. Without a sandbox it runs only on the committed path.</li>
 *   <li>{@link #IRREVERSIBLE}: never runs speculatively; it is only ever issued on the committed path.</li>
 * </ul>
 *
 * <p>A committed {@code REVERSIBLE} or {@code IRREVERSIBLE} call may change what later calls read. Without a
 * sandbox the runner cannot tell, so it speculates nothing below such a call while it runs; with one, only a
 * write through the sandbox (which moves its version) makes the branches below stale.
 */
public enum SideEffect {
    READ_ONLY, IDEMPOTENT, REVERSIBLE, IRREVERSIBLE;

    /** Whether a call of this class may run off the committed path, given whether a sandbox exists. */
    public boolean speculativeAllowed(boolean sandboxAvailable) {
        return switch (this) {
            case READ_ONLY, IDEMPOTENT -> true;
            case REVERSIBLE -> sandboxAvailable;
            case IRREVERSIBLE -> false;
        };
    }
}
