package dev.specagent.envs.retail.speculate;

import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a candidate source is: every value a transcript makes available to the next call's arguments, with the place
 * it was seen (kind, key, tool), how far back (age), its list and position in it, and the names of its record.
 */
class ValueExtractorTest {

    private static final String USER = "{\"user_id\": \"u_1\", \"name\": {\"first_name\": \"Ada\"}, \"note\": null, "
            + "\"orders\": [\"#W1\", \"#W2\"], \"items\": [{\"name\": \"Desk Lamp\", \"item_id\": \"i1\"}, "
            + "{\"name\": \"Kettle\", \"item_id\": \"i2\"}], \"index\": {\"Water Bottle\": \"p9\"}}";

    private final Transcript transcript = Transcript.empty()
            .withMessage("user", "Hi, I am Ada, ada@example.org")
            .withCall(new ToolCallRecord("get_user", CanonicalJson.object("user_id", "u_1"), USER))
            .withMessage("user", "Please cancel #W2")
            .withCall(new ToolCallRecord("get_order", CanonicalJson.object("order_id", "#W2"), "Error: no such order"))
            .withCall(new ToolCallRecord("think", CanonicalJson.object("thought", "hm"), "Done thinking"));

    private final List<ValueSource> sources = ValueExtractor.sources(transcript);

    private ValueSource only(ValueSource.Kind kind, String key, String text) {
        List<ValueSource> found = sources.stream()
                .filter(s -> s.kind() == kind && s.key().equals(key) && s.text().equals(text)).toList();
        assertThat(found).as("%s %s %s in %s", kind, key, text, sources).hasSize(1);
        return found.getFirst();
    }

    @Test
    void outputFieldsListsAndTheirElementsAreSourcesAgedByTheCallsSince() {
        ValueSource id = only(ValueSource.Kind.OUTPUT, "user_id", "\"u_1\"");
        assertThat(id.tool()).isEqualTo("get_user");
        assertThat(id.age()).as("two calls came after it").isEqualTo(2);
        assertThat(id.list()).isNull();
        assertThat(only(ValueSource.Kind.OUTPUT, "first_name", "\"Ada\"").age()).isEqualTo(2);
        assertThat(only(ValueSource.Kind.OUTPUT, "orders", "[\"#W1\",\"#W2\"]").isArray()).isTrue();
        ValueSource w1 = only(ValueSource.Kind.OUTPUT, "orders", "\"#W1\"");
        ValueSource w2 = only(ValueSource.Kind.OUTPUT, "orders", "\"#W2\"");
        assertThat(List.of(w1.position(), w2.position())).containsExactly(0, 1);
        assertThat(w1.list()).isNotNull().isSameAs(w2.list());
        assertThat(sources).noneMatch(s -> s.key().equals("note")).as("null is no value");
    }

    @Test
    void aListOfRecordsIsASourceAndItsFieldsKnowTheirRecordsNames() {
        assertThat(only(ValueSource.Kind.OUTPUT, "items", CanonicalJson.toCanonicalString(
                CanonicalJson.parse(USER).get("items"))).isArray()).isTrue();
        ValueSource i1 = only(ValueSource.Kind.OUTPUT, "item_id", "\"i1\"");
        ValueSource i2 = only(ValueSource.Kind.OUTPUT, "item_id", "\"i2\"");
        assertThat(List.of(i1.position(), i2.position())).containsExactly(0, 1);
        assertThat(i1.list()).isNotNull().isSameAs(i2.list());
        assertThat(i1.context()).containsExactly("Desk Lamp", "i1");
        assertThat(only(ValueSource.Kind.OUTPUT, "Water Bottle", "\"p9\"").context())
                .as("a key that is a name names its value").containsExactly("p9", "Water Bottle");
    }

    @Test
    void argumentsWholeTextOutputsAndTheCustomersWordsAreSourcesButErrorsAreNot() {
        ValueSource argument = only(ValueSource.Kind.ARGUMENT, "order_id", "\"#W2\"");
        assertThat(argument.tool()).isEqualTo("get_order");
        assertThat(argument.age()).isEqualTo(1);
        ValueSource whole = only(ValueSource.Kind.WHOLE_OUTPUT, "$", "\"Done thinking\"");
        assertThat(whole.tool()).isEqualTo("think");
        assertThat(whole.age()).isZero();
        assertThat(sources).filteredOn(s -> s.kind() == ValueSource.Kind.WHOLE_OUTPUT).hasSize(1);
        assertThat(sources).noneMatch(s -> s.text().contains("no such order"));
        assertThat(sources.getFirst().tool()).as("newest call first").isEqualTo("think");
        assertThat(only(ValueSource.Kind.USER_TEXT, "$user", "\"#W2\"").age()).isZero();
        ValueSource email = only(ValueSource.Kind.USER_TEXT, "$user", "\"ada@example.org\"");
        assertThat(email.age()).as("one customer message came after it").isEqualTo(1);
        assertThat(email.position()).as("its word's index in the message, one-letter words not counted").isEqualTo(3);
    }

    @Test
    void aKnownPhraseIsMentionedOnlyAsWholeWordsInTheCustomersWords() {
        Map<String, String> phrases = Map.of("no longer needed", "No longer needed");
        Transcript said = Transcript.empty().withMessage("user", "Cancel it, it is NO LONGER NEEDED.")
                .withMessage("assistant", "no longer needed?").withMessage("user", "yes");
        assertThat(ValueExtractor.mentions(said, phrases)).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(ValueSource.Kind.USER_TEXT);
            assertThat(m.text()).isEqualTo("\"No longer needed\"");
            assertThat(m.age()).isEqualTo(1);
            assertThat(m.position()).isEqualTo(4);
        });
        for (String text : List.of("it is no longer neededx", "it is xno longer needed", "nothing")) {
            assertThat(ValueExtractor.mentions(Transcript.empty().withMessage("user", text), phrases)).as(text).isEmpty();
        }
        assertThat(ValueExtractor.mentions(Transcript.empty().withMessage("user", "no longer needed"), phrases))
                .singleElement().satisfies(m -> assertThat(m.position()).isZero());
    }
}
