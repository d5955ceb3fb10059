package dev.specagent.envs.planning.openagi;

import java.util.Locale;

/** The paper's four agent pairings: approximation → target. */
public enum AgentPairing {
    DIRECT_REACT(AgentStrategy.DIRECT, AgentStrategy.REACT),
    DIRECT_DEBATE(AgentStrategy.DIRECT, AgentStrategy.DEBATE),
    COT_REACT(AgentStrategy.COT, AgentStrategy.REACT),
    COT_DEBATE(AgentStrategy.COT, AgentStrategy.DEBATE);

    private final AgentStrategy approximation;
    private final AgentStrategy target;

    AgentPairing(AgentStrategy approximation, AgentStrategy target) {
        this.approximation = approximation;
        this.target = target;
    }

    public AgentStrategy approximation() {
        return approximation;
    }

    public AgentStrategy target() {
        return target;
    }

    /** The command-line name, e.g. {@code direct-react}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The {@link #cliName()}. */
    @Override
    public String toString() {
        return cliName();
    }
}
