package dev.specagent.cli.retail;

import dev.specagent.cli.llm.CallsUnderWay;
import dev.specagent.core.call.Usage;
import dev.specagent.envs.retail.speculate.CallSpeculator;
import dev.specagent.envs.retail.speculate.LlmCallSpeculator;
import dev.specagent.llm.LlmModels;

import java.util.List;

/**
 * A speculator with the models it holds (clients, a replay server, a trace recorder; none for the learned one) and
 * the calls it has under way (none for the learned one); closing frees the models.
 */
record SpeculatorSetup(CallSpeculator speculator, LlmModels models, CallsUnderWay underWay) implements AutoCloseable {

    /** The learned speculator, which holds nothing. */
    static SpeculatorSetup learned(CallSpeculator speculator) {
        return new SpeculatorSetup(speculator, null, null);
    }

    /** The LLM speculator on {@code models}, whose calls {@code underWay} holds until they are charged. */
    static SpeculatorSetup llm(LlmCallSpeculator speculator, LlmModels models, CallsUnderWay underWay) {
        return new SpeculatorSetup(speculator, models, underWay);
    }

    /** What the speculator's model calls spent so far (as priced by the models' table); zero for the learned one. */
    Usage spent() {
        return speculator instanceof LlmCallSpeculator llm ? llm.usage() : Usage.ZERO;
    }

    /** How each of the LLM speculator's models fared ({@link LlmCallSpeculator#memberTallies()}); none for the learned one. */
    List<LlmCallSpeculator.MemberTally> memberTallies() {
        return speculator instanceof LlmCallSpeculator llm ? llm.memberTallies() : List.of();
    }

    /**
     * What a signal's snapshot reports as spent: what every model call started had consumed, those under way
     * included ({@link CallsUnderWay}, which counts each call once whenever the speculator charges it); for the
     * learned speculator, {@link #spent()} (zero) and no call under way.
     */
    CallsUnderWay.Snapshot spentAtSignal() {
        return underWay == null ? new CallsUnderWay.Snapshot(0, spent()) : underWay.snapshot();
    }

    @Override
    public void close() {
        if (models != null) {
            models.close();
        }
    }
}
