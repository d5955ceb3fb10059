package dev.specagent.envs.retail.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.data.JsonErrors;

import java.nio.file.Path;

/**
 * The types the retail tools rely on in the records of {@code users.json}, {@code orders.json} and
 * {@code products.json}: the lists they append to, the maps they look up and the amounts they compute with. A field
 * that is there with another type is an error naming the file, the record and the field, at load time (the tools
 * would fail on it half-way through a run, or compute with a price of 0). A missing field is left to the tools,
 * which answer it as the reference does ({@code Error: 'field'}).
 */
final class RecordShapes {

    /** Checks one record of one table; throws {@link IllegalArgumentException} on a field of the wrong type. */
    @FunctionalInterface
    interface Shape {
        void check(Path file, String key, JsonNode record);
    }

    private RecordShapes() {
    }

    /** A user: {@code payment_methods} is an object of objects, a method's {@code balance} a number. */
    static void user(Path file, String key, JsonNode user) {
        objectOfObjects(file, key, user, "payment_methods", "balance");
    }

    /** An order: {@code items} and {@code payment_history} are lists of objects with a number {@code price}/{@code amount}. */
    static void order(Path file, String key, JsonNode order) {
        listOfObjects(file, key, order, "items", "price");
        listOfObjects(file, key, order, "payment_history", "amount");
    }

    /** A product: {@code variants} is an object of objects, a variant's {@code price} a number. */
    static void product(Path file, String key, JsonNode product) {
        objectOfObjects(file, key, product, "variants", "price");
    }

    private static void objectOfObjects(Path file, String key, JsonNode record, String name, String amount) {
        JsonNode members = record.get(name);
        if (members == null) {
            return;
        }
        require(members.isObject(), file, key, name, "an object of objects", members);
        members.fields().forEachRemaining(m -> {
            String field = name + "." + m.getKey();
            require(m.getValue().isObject(), file, key, field, "an object", m.getValue());
            number(file, key, field + "." + amount, m.getValue().get(amount));
        });
    }

    private static void listOfObjects(Path file, String key, JsonNode record, String name, String amount) {
        JsonNode list = record.get(name);
        if (list == null) {
            return;
        }
        require(list.isArray(), file, key, name, "a list", list);
        for (int i = 0; i < list.size(); i++) {
            String field = name + "[" + i + "]";
            require(list.get(i).isObject(), file, key, field, "an object", list.get(i));
            number(file, key, field + "." + amount, list.get(i).get(amount));
        }
    }

    private static void number(Path file, String key, String field, JsonNode value) {
        if (value != null) {
            require(value.isNumber(), file, key, field, "a number", value);
        }
    }

    private static void require(boolean ok, Path file, String key, String field, String expected, JsonNode got) {
        if (!ok) {
            throw new IllegalArgumentException(file + ": record " + key + ": field '" + field + "' must be " + expected
                    + ", got " + JsonErrors.shown(got));
        }
    }
}
