package dev.specagent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.RunFigures;

import java.util.Locale;

/**
 * The words in which a command says what its model calls spent: {@code "P prompt + G <noun> tokens, $C"}, with
 * the token counts as plain integers (no grouping) and the cost in dollars to a fixed number of decimals, always
 * in {@link Locale#ROOT} (a decimal point whatever the user's locale). The command says whose spending it is
 * around the phrase ({@code "the sequential game spent "}, {@code "(spent "}, ...). The same figures in a
 * {@code --json} object are {@code prompt_tokens}, {@code completion_tokens} or {@code generation_tokens}, and
 * {@code cost_usd} ({@link #put}).
 *
 * <p>There are two vocabularies, one per kind of command; a command's phrase matches the cost figures it prints
 * elsewhere:
 * <ul>
 *   <li>{@link #COMPLETION}: {@code "300 prompt + 30 completion tokens, $0.0007"}, the vocabulary of the
 *       OpenAI usage ({@code completion_tokens}) and the four decimals of chess, hotpotqa and ostune;</li>
 *   <li>{@link #GENERATED}: {@code "5210 prompt + 98 generated tokens, $0.002241"}, the DSP paper's vocabulary
 *       (its ΔG column) and the six decimals of {@code dsp}'s costs, which are those of cheap models.</li>
 * </ul>
 */
public enum SpentFormatter {

    /** {@code "P prompt + G completion tokens, $C.CCCC"}. */
    COMPLETION("completion", "completion_tokens", 4),

    /** {@code "P prompt + G generated tokens, $C.CCCCCC"}. */
    GENERATED("generated", "generation_tokens", 6);

    private final String generatedNoun;
    private final String generatedField;
    private final String dollars;

    SpentFormatter(String generatedNoun, String generatedField, int costDecimals) {
        this.generatedNoun = generatedNoun;
        this.generatedField = generatedField;
        this.dollars = "$%." + costDecimals + "f";
    }

    /** The phrase for these counts and this cost. */
    public String format(long promptTokens, long generatedTokens, double costUsd) {
        return String.format(Locale.ROOT, "%d prompt + %d %s tokens, " + dollars, promptTokens, generatedTokens,
                generatedNoun, costUsd);
    }

    /** The phrase for a run's figures: its prompt and completion tokens and its cost. */
    public String format(RunFigures figures) {
        return format(figures.promptTokens(), figures.completionTokens(), figures.costUsd());
    }

    /** The phrase for a usage: its prompt and completion tokens and its cost (its cached prompt tokens are not said). */
    public String format(Usage usage) {
        return format(usage.promptTokens(), usage.completionTokens(), usage.costUsd());
    }

    /** An amount in this vocabulary's dollars: {@code "$0.0007"} or {@code "$0.000700"}. */
    public String dollars(double usd) {
        return String.format(Locale.ROOT, dollars, usd);
    }

    /**
     * Puts the counts and the cost into {@code o} as {@code prompt_tokens}, this vocabulary's field of the generated
     * tokens and {@code cost_usd}, in that order; returns {@code o}.
     */
    public ObjectNode put(ObjectNode o, long promptTokens, long generatedTokens, double costUsd) {
        return o.put("prompt_tokens", promptTokens).put(generatedField, generatedTokens).put("cost_usd", costUsd);
    }

    /** {@link #put(ObjectNode, long, long, double)} of a run's figures. */
    public ObjectNode put(ObjectNode o, RunFigures figures) {
        return put(o, figures.promptTokens(), figures.completionTokens(), figures.costUsd());
    }

    /** {@link #put(ObjectNode, long, long, double)} of a usage. */
    public ObjectNode put(ObjectNode o, Usage usage) {
        return put(o, usage.promptTokens(), usage.completionTokens(), usage.costUsd());
    }
}
