package dev.specagent.core.call;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * One call of an agent to a slow authority: a tool (or model, or engine) name and its arguments.
 *
 * <p>Equality is canonical: two calls are equal when their tool names are equal and their
 * arguments are equal as JSON values after canonicalisation ({@link CanonicalJson}), whatever the
 * key order or number spelling. Two routes that reach the same call therefore share one result.
 * Instances are immutable; the argument tree handed out is a canonical copy.
 */
public final class Call {

    private final String tool;
    private final JsonNode args;
    private final String canonicalArgs;
    private final int hash;

    private Call(String tool, JsonNode args) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.args = CanonicalJson.canonicalize(args);
        this.canonicalArgs = CanonicalJson.writeCanonical(this.args);
        this.hash = 31 * tool.hashCode() + canonicalArgs.hashCode();
    }

    /** A call of {@code tool} with the JSON arguments {@code args}. */
    public static Call of(String tool, JsonNode args) {
        return new Call(tool, args);
    }

    /** A call of {@code tool} with arguments built from alternating keys and values. */
    public static Call of(String tool, Object... keysAndValues) {
        return new Call(tool, CanonicalJson.object(keysAndValues));
    }

    /** A call of {@code tool} whose arguments are the JSON text {@code argsJson}. */
    public static Call parse(String tool, String argsJson) {
        return new Call(tool, CanonicalJson.parse(argsJson));
    }

    public String tool() {
        return tool;
    }

    /** The canonical argument tree; callers must not modify it. */
    public JsonNode args() {
        return args;
    }

    /** The canonical JSON text of the arguments. */
    public String canonicalArgs() {
        return canonicalArgs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Call other && hash == other.hash && tool.equals(other.tool)
                && canonicalArgs.equals(other.canonicalArgs);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return tool + canonicalArgs;
    }
}
