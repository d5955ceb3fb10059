package dev.specagent.envs.retail.speculate;

import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a candidate source is: every value a transcript makes available to the next call's arguments, with the place
 * it was seen (kind, key, tool), how far back (age), its list and position in it, and the names of its record.
 */
class ValueExtractorTest {

    /**
     * Makes each test's outputs new to {@link ValueExtractor}'s cache of parsed outputs, which lives as long as the
     * JVM: otherwise a test would check an earlier parse (under mutation testing, one by other code).
     */
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final int seq = SEQ.incrementAndGet();

    private final String user = "{\"user_id\": \"u_1\", \"name\": {\"first_name\": \"Ada\"}, \"note\": null, "
            + "\"orders\": [\"#W1\", \"#W2\"], \"items\": [{\"name\": \"Desk Lamp\", \"item_id\": \"i1\"}, "
            + "{\"name\": \"Kettle\", \"item_id\": \"i2\"}], \"index\": {\"Water Bottle\": \"p9\"}, \"seq\": " + seq + "}";

    private final Transcript transcript = Transcript.empty()
            .withMessage("user", "Hi, I am Ada, ada@example.org")
            .withCall(new ToolCallRecord("get_user", CanonicalJson.object("user_id", "u_1"), user))
            .withMessage("user", "Please cancel #W2")
            .withCall(new ToolCallRecord("get_order", CanonicalJson.object("order_id", "#W2"), "Error: no such order " + seq))
            .withCall(new ToolCallRecord("think", CanonicalJson.object("thought", "hm"), "Done thinking " + seq));

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
                CanonicalJson.parse(user).get("items"))).isArray()).isTrue();
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
        ValueSource whole = only(ValueSource.Kind.WHOLE_OUTPUT, "$", "\"Done thinking " + seq + "\"");
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

    @Test
    void aPhraseIsMentionedWhereItStandsAsWholeWordsAfterAnOccurrenceInsideALongerWord() {
        // "reordered by mistake" holds "ordered by mistake" inside a word; the whole-word mention comes later
        Transcript said = Transcript.empty().withMessage("user", "I reordered by mistake, so it was ordered by mistake");
        assertThat(ValueExtractor.mentions(said, Map.of("ordered by mistake", "ordered by mistake"))).singleElement()
                .satisfies(m -> {
                    assertThat(m.text()).isEqualTo("\"ordered by mistake\"");
                    assertThat(m.position()).as("reordered, by, mistake, so, it, was").isEqualTo(6);
                });
    }

    @Test
    void aMentionedPhraseIsNumberedLikeTheWordsOfItsMessage() {
        Transcript said = Transcript.empty().withMessage("user", "I think a refund: it is no longer needed");
        ValueSource word = ValueExtractor.sources(said).stream().filter(s -> s.text().equals("\"no\"")).findFirst()
                .orElseThrow();
        assertThat(word.position()).as("think, refund, it, is: one-letter words not counted").isEqualTo(4);
        assertThat(ValueExtractor.mentions(said, Map.of("no longer needed", "No longer needed"))).singleElement()
                .satisfies(m -> assertThat(m.position()).as("the phrase starts at that word").isEqualTo(4));
    }

    private static List<String> userTexts(String... messages) {
        Transcript t = Transcript.empty();
        for (String m : messages) {
            t = t.withMessage(m.startsWith("agent: ") ? "assistant" : "user", m.replaceFirst("^agent: ", ""));
        }
        return ValueExtractor.sources(t).stream().map(v -> v.key() + " " + v.text() + " @" + v.position()).toList();
    }

    /**
     * The words of both sides are sources (two characters or more; a number also as a JSON number, a one-digit one only so); a date
     * with its month's name is also an ISO date, at its first word, in the year it names or else the transcript's
     * first ISO date's year, and none without a year or with a day that no month has.
     */
    @Test
    void wordsNumbersAndDatesOfBothSidesAreSources() {
        assertThat(userTexts("agent: Your order is #W7.", "I am 2 bags and 2.5 kg"))
                .contains("$assistant \"#W7\" @3", "$user \"am\" @0", "$user 2 @1", "$user \"2.5\" @4", "$user 2.5 @4")
                .doesNotContain("$user \"2\" @1").noneMatch(s -> s.contains("\"I\""));
        assertThat(userTexts("Today is 2024-05-15.", "Fly on May 31st, or 1st of June 2025"))
                .contains("$user \"2024-05-31\" @2", "$user \"2025-06-01\" @5");
        assertThat(userTexts("Fly on May 20th")).noneMatch(s -> s.contains("-05-20"));
        assertThat(userTexts("Today is 2024-05-15.", "Fly on May 32, or May 0"))
                .noneMatch(s -> s.contains("-05-32") || s.contains("-05-00"));
    }

    /** A value's shape: letter runs (capitals apart), digit runs, other characters kept; JSON types otherwise. */
    @Test
    void shapesAbstractLettersAndDigits() {
        assertThat(ValueExtractor.shape(CanonicalJson.parse("\"#W2378156\""))).isEqualTo("#A9");
        assertThat(ValueExtractor.shape(CanonicalJson.parse("\"sara_doe_496\""))).isEqualTo("a_a_9");
        assertThat(ValueExtractor.shape(CanonicalJson.parse("\"Ada Lovelace\""))).isEqualTo("Aa Aa");
        assertThat(ValueExtractor.shape(CanonicalJson.parse("\"a--b\""))).isEqualTo("a--a");
        assertThat(ValueExtractor.shape(CanonicalJson.parse("[\"x1\", 2]"))).isEqualTo("[a9]");
        assertThat(ValueExtractor.shape(CanonicalJson.parse("[]"))).isEqualTo("[]");
        assertThat(ValueExtractor.shape(CanonicalJson.parse("12"))).isEqualTo("NUMBER");
        assertThat(ValueExtractor.shape(CanonicalJson.parse("\"a-b-c-d-e-f-g-h-i-j-k-l-m-n-o\""))).hasSize(25);
    }
}
