package dev.specagent.core.planning.depth;

/**
 * What an episode does past a reported draft a(i), as decided by {@link DepthPolicy#afterDraft}.
 */
public enum Speculation {
    /** Draft a(i+1) and start the target's step on top of a(i) now. */
    SPECULATE,
    /**
     * Draft a(i+1) now but hold the target's step on top of a(i) until more drafts are verified (asked
     * again each time one is; started at the latest when a(i) itself is verified). A rejected held draft
     * then costs no target call.
     */
    DRAFT_AHEAD,
    /** Neither draft nor verify past a(i) yet; asked again each time a draft is verified. */
    HOLD,
    /**
     * End the episode after a(i): nothing past it is launched, and what an earlier answer launched past it is
     * cancelled at once (the next episode starts from the verified prefix).
     */
    STOP
}
