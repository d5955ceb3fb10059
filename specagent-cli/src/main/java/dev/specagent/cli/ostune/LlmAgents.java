package dev.specagent.cli.ostune;

import dev.specagent.core.lossy.WriteSource;
import dev.specagent.envs.ostune.Mode;

import java.util.Locale;

/**
 * Which agents {@code ostune --llm} makes LLMs, named on the command line by {@link #toString()}. {@code --mode} picks
 * the agents that run, this which of them are LLMs; only the agents both pick call a model.
 */
enum LlmAgents {
    NONE, ACTOR, SPECULATOR, BOTH;

    boolean actor() {
        return this == ACTOR || this == BOTH;
    }

    boolean speculator() {
        return this == SPECULATOR || this == BOTH;
    }

    /** Whether {@code source}'s decisions are an LLM's ({@code EXTERNAL}, a perturbation, is nobody's). */
    boolean decides(WriteSource source) {
        return switch (source) {
            case ACTOR -> actor();
            case SPECULATOR -> speculator();
            case EXTERNAL -> false;
        };
    }

    /** Whether an agent that {@code mode} runs is an LLM (its calls may all fail, leaving no tokens). */
    boolean runsIn(Mode mode) {
        return actor() && mode.hasActor() || speculator() && mode.hasSpeculator();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
