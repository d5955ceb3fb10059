package dev.specagent.cli.retail;

import dev.specagent.core.call.Usage;
import dev.specagent.envs.retail.speculate.CallSpeculator;
import dev.specagent.envs.retail.speculate.LlmCallSpeculator;
import dev.specagent.llm.LlmModels;

/**
 * A speculator with the models it holds (clients, a replay server, a trace recorder; none for the learned one);
 * closing frees them.
 */
record SpeculatorSetup(CallSpeculator speculator, LlmModels models) implements AutoCloseable {

    /** The learned speculator, which holds nothing. */
    static SpeculatorSetup learned(CallSpeculator speculator) {
        return new SpeculatorSetup(speculator, null);
    }

    /** The LLM speculator on {@code models}. */
    static SpeculatorSetup llm(LlmCallSpeculator speculator, LlmModels models) {
        return new SpeculatorSetup(speculator, models);
    }

    /** What the speculator's model calls spent so far (as priced by the models' table); zero for the learned one. */
    Usage spent() {
        return speculator instanceof LlmCallSpeculator llm ? llm.usage() : Usage.ZERO;
    }

    @Override
    public void close() {
        if (models != null) {
            models.close();
        }
    }
}
