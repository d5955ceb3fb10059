package dev.specagent.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The naming rule of every field of the command line's {@code --json}: snake_case (a key that is a number is
 * data, so allowed), and a duration names its unit in
 * one spelling, {@code _seconds} for seconds ({@code sequential_seconds}) and {@code _ms} for milliseconds
 * ({@code p95_ms}); never {@code _s}, {@code _sec}, {@code _secs}, {@code _millis} or {@code _msec}.
 */
public final class JsonFieldNames {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z0-9_]+");

    private static final Pattern OTHER_UNIT_SPELLING = Pattern.compile(".*_(s|sec|secs|millis|msec)");

    private JsonFieldNames() {
    }

    /** Fails naming every field (by its path) of {@code json} that breaks the rule, or when it has no field at all. */
    public static void assertWellNamed(JsonNode json) {
        List<String> names = new ArrayList<>();
        List<String> notSnakeCase = new ArrayList<>();
        List<String> otherUnit = new ArrayList<>();
        walk(json, "", names, notSnakeCase, otherUnit);
        assertThat(names).as("field names").isNotEmpty();
        assertThat(notSnakeCase).as("field names not matching " + SNAKE_CASE).isEmpty();
        assertThat(otherUnit).as("field names spelling a unit other than _seconds or _ms").isEmpty();
    }

    private static void walk(JsonNode node, String path, List<String> names, List<String> notSnakeCase,
                             List<String> otherUnit) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                String at = path + "." + e.getKey();
                names.add(at);
                if (!SNAKE_CASE.matcher(e.getKey()).matches()) {
                    notSnakeCase.add(at);
                }
                if (OTHER_UNIT_SPELLING.matcher(e.getKey()).matches()) {
                    otherUnit.add(at);
                }
                walk(e.getValue(), at, names, notSnakeCase, otherUnit);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", names, notSnakeCase, otherUnit);
            }
        }
    }
}
