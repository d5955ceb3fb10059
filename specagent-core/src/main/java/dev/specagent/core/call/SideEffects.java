package dev.specagent.core.call;

import java.util.Map;
import java.util.Objects;

/** Classifies calls by their {@link SideEffect}; usually a per-tool table. */
@FunctionalInterface
public interface SideEffects {

    /**
     * How {@code call} touches the world; never null (a null fails the run with a
     * {@code RunFailedException} naming the call).
     */
    SideEffect of(Call call);

    /** Every call is read-only: a pure model or engine with no environment. */
    static SideEffects allReadOnly() {
        return call -> SideEffect.READ_ONLY;
    }

    /**
     * A per-tool table; tools not listed get {@code otherwise}.
     *
     * @throws NullPointerException naming what is missing, when {@code table} or {@code otherwise} is null, or the
     *                              table has a null tool name or maps a tool to null
     */
    static SideEffects byTool(Map<String, SideEffect> table, SideEffect otherwise) {
        Objects.requireNonNull(otherwise, "otherwise: the side effect of the tools the table does not list "
                + "(IRREVERSIBLE keeps them off every speculative path)");
        Objects.requireNonNull(table, "table: the side effect of each tool (Map.of() gives every tool otherwise)");
        table.forEach((tool, effect) -> {
            Objects.requireNonNull(tool, () -> "the side-effect table has a null tool name (mapped to " + effect
                    + "); a call always names its tool");
            Objects.requireNonNull(effect, () -> "the side-effect table maps the tool '" + tool + "' to null");
        });
        Map<String, SideEffect> copy = Map.copyOf(table);
        return call -> copy.getOrDefault(call.tool(), otherwise);
    }
}
