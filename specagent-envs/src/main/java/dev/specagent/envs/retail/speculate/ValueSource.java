package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One place in a transcript where a value appeared: in a tool output under a JSON key (or as the whole
 * output), in an earlier call's argument, or in a user message. {@code age} counts how many later tool
 * calls (for user text: later user messages) lie between it and now; {@code position} is its index in its
 * array (0 when not in one).
 *
 * @param value    the JSON value (scalar, or an array of scalars)
 * @param text     its canonical JSON text, the identity used for matching
 * @param kind     where it was seen
 * @param key      the JSON key it sat under ({@code $} for a whole output, the argument name for an argument)
 * @param tool     the tool whose output or argument held it ({@code user} for user text)
 * @param shape    the value's {@link ValueExtractor#shape shape}
 * @param list     the identity of the array it is an element of (directly, or inside one of its objects), or
 *                 null; {@code position} is then its index there
 * @param context  the words that name the record it belongs to: the text fields of the object that holds it
 *                 and the key it sits under when that key is a name ("Desk Lamp" in a name → id index); shared,
 *                 empty outside outputs
 */
public record ValueSource(JsonNode value, String text, Kind kind, String key, String tool, int age, int position,
                          String shape, Object list, List<String> context) {

    /** Where a value was seen. */
    public enum Kind { OUTPUT, WHOLE_OUTPUT, ARGUMENT, USER_TEXT }

    /** The same source seen {@code age} steps back. */
    ValueSource aged(int newAge) {
        return new ValueSource(value, text, kind, key, tool, newAge, position, shape, list, context);
    }

    public boolean isArray() {
        return value.isArray();
    }
}
