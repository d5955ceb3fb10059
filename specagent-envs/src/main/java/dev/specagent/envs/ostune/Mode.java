package dev.specagent.envs.ostune;

/** Which agents control the knob. */
public enum Mode {
    /** No agent: the untuned baseline (the knob keeps its value, perturbations stay). */
    NONE("none"),
    /** The slow actor alone. */
    ACTOR_ONLY("actor-only"),
    /** The fast speculator alone. */
    SPECULATOR_ONLY("speculator-only"),
    /** Both, last write wins. */
    BOTH("both");

    private final String option;

    Mode(String option) {
        this.option = option;
    }

    /** The name on the command line, e.g. {@code actor-only}. */
    public String option() {
        return option;
    }

    public boolean hasActor() {
        return this == ACTOR_ONLY || this == BOTH;
    }

    public boolean hasSpeculator() {
        return this == SPECULATOR_ONLY || this == BOTH;
    }

    /** The command-line name, as {@link #option()}. */
    @Override
    public String toString() {
        return option;
    }
}
