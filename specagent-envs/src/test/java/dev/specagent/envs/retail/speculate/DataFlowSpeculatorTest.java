package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.conversations.ConversationReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The learned data-flow speculator: online learning on any domain and generalisation to unseen tools. */
class DataFlowSpeculatorTest {

    @Test
    void learnsOnlineOnAnUnknownDomainFromTheCallsItSees() throws Exception {
        Path file = Path.of(getClass().getResource("/conversations/library.json").toURI());
        List<Transcript> conversations = ConversationReader.read(file);
        PredictionTally k1 = PredictionReplay.run(conversations, DataFlowSpeculator.untrained(), 1, true);
        PredictionTally k3 = PredictionReplay.run(conversations, DataFlowSpeculator.untrained(), 3, true);
        assertThat(k1.calls()).isEqualTo(24);
        assertThat(k3.hits()).isGreaterThanOrEqualTo(k1.hits());
        // From the second conversation on, the member look-up (e-mail in the user's words), the member
        // details (the look-up's whole output) and the first loan (the member's loan list) are data flow.
        assertThat(k3.perTool().get("get_member")[0]).isGreaterThanOrEqualTo(3);
        assertThat(k3.perTool().get("lookup_member")[0]).isGreaterThanOrEqualTo(2);
        assertThat(k3.accuracy()).isGreaterThan(0.5);
        PredictionTally offline = PredictionReplay.run(conversations, DataFlowSpeculator.untrained(), 3, false);
        assertThat(offline.hits()).as("without observing calls it knows no tools").isZero();
    }

    @Test
    void proposesAToolNeverSeenInTrainingWhenItsArgumentsCanBeSourced() throws Exception {
        var schemas = new ObjectMapper().readTree("""
                [{"type": "function", "function": {"name": "get_shipment", "parameters": {"type": "object",
                  "properties": {"shipment_id": {"type": "string"}}, "required": ["shipment_id"]}}}]""");
        DataFlowSpeculator speculator = new DataFlowSpeculator(new ToolCatalog().addSchemas(schemas),
                DataFlowSpeculator.Settings.DEFAULT);
        Transcript t = Transcript.empty()
                .withCall(new ToolCallRecord("get_customer", CanonicalJson.object("customer_id", "c_1"),
                        "{\"customer_id\": \"c_1\", \"shipments\": [\"S-900\", \"S-901\"], \"city\": \"Oslo\"}"));
        List<ScoredCall> proposals = speculator.propose(t, 2);
        assertThat(proposals).isNotEmpty();
        assertThat(proposals.getFirst().call().call())
                .isEqualTo(ToolCallRecord.pending("get_shipment", CanonicalJson.object("shipment_id", "S-900")).call());
    }

    @Test
    void aNumberTheCustomerSaysCanFillANumberArgument() {
        Transcript first = Transcript.empty().withMessage("user", "Booking BK7, I will bring 2 bags")
                .withCall(new ToolCallRecord("get_booking", CanonicalJson.object("booking_id", "BK7"),
                        "{\"booking_id\": \"BK7\", \"bags\": 1}"))
                .withCall(new ToolCallRecord("set_bags", bags("BK7", 2), "ok"));
        DataFlowSpeculator speculator = DataFlowSpeculator.untrained();
        PredictionReplay.run(List.of(first), speculator, 3, true);
        Transcript second = Transcript.empty().withMessage("user", "Booking ZQ4 please, I will bring 3 bags")
                .withCall(new ToolCallRecord("get_booking", CanonicalJson.object("booking_id", "ZQ4"),
                        "{\"booking_id\": \"ZQ4\", \"bags\": 1}"));
        assertThat(ValueExtractor.sources(second)).anyMatch(v -> v.value().isNumber() && v.value().asInt() == 3);
        assertThat(speculator.propose(second, 1)).extracting(c -> c.call().call())
                .containsExactly(ToolCallRecord.pending("set_bags", bags("ZQ4", 3)).call());
    }

    @Test
    void anOutputWithTextAfterItsJsonIsOneTextValueNotTheJsonsFields() {
        String json = "{\"booking_id\": \"ZQ7\", \"bags\": 1}";
        assertThat(outputSources(json)).extracting(ValueSource::kind).containsOnly(ValueSource.Kind.OUTPUT);
        // not one JSON value: the output is text, as any other output that is not JSON, not its first value's fields
        String text = json + " (2 more bags on request)";
        assertThat(outputSources(text)).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(ValueSource.Kind.WHOLE_OUTPUT);
            assertThat(v.value().textValue()).isEqualTo(text);
        });
    }

    @Test
    void aNullInAListIsNoValueToPassOnAsAFieldsNullIsNot() {
        // a list with a gap ("shipments": [null, "S-7"]): its null was offered as an argument and, first in the list,
        // proposed as get_shipment(shipment_id=null) ahead of the real id
        String output = "{\"customer_id\": \"c_1\", \"shipments\": [null, \"S-7\"]}";
        assertThat(outputSources(output)).noneMatch(v -> v.value().isNull());
        DataFlowSpeculator speculator = DataFlowSpeculator.untrained();
        speculator.train(List.of(List.of(
                new ToolCallRecord("get_customer", CanonicalJson.object("customer_id", "c_0"),
                        "{\"customer_id\": \"c_0\", \"shipments\": [\"S-1\", \"S-2\"]}"),
                new ToolCallRecord("get_shipment", CanonicalJson.object("shipment_id", "S-1"), "{\"status\": \"sent\"}"))));
        Transcript t = Transcript.empty().withCall(new ToolCallRecord("get_customer",
                CanonicalJson.object("customer_id", "c_1"), output));
        assertThat(speculator.propose(t, 1)).extracting(c -> c.call().call())
                .containsExactly(ToolCallRecord.pending("get_shipment", CanonicalJson.object("shipment_id", "S-7")).call());
    }

    private static List<ValueSource> outputSources(String output) {
        Transcript t = Transcript.empty().withCall(new ToolCallRecord("get_booking",
                CanonicalJson.object("booking_id", "ZQ7"), output));
        return ValueExtractor.sources(t).stream().filter(v -> v.kind() == ValueSource.Kind.OUTPUT
                || v.kind() == ValueSource.Kind.WHOLE_OUTPUT).toList();
    }

    private static ObjectNode bags(String booking, int total) {
        return (ObjectNode) CanonicalJson.parse(
                "{\"booking_id\": \"" + booking + "\", \"total\": " + total + "}");
    }

    /**
     * An airline-style change of cabin, learned from one conversation: the new flights argument is the
     * reservation's flight records trimmed to the keys the tool takes (as in tau-bench's recorded airline
     * runs), and the cabin is the word of the customer's that the parameter took in the earlier conversation.
     */
    @Test
    void aListOfRecordsIsPassedOnTrimmedAndAWordTheParameterTookBeforeIsPreferred() {
        List<Transcript> conversations = List.of(
                cabinChange("ABC123", "HAT001", "HAT002", "2024-05-20", "credit_card_1", "business"),
                cabinChange("XYZ789", "HAT100", "HAT101", "2024-06-02", "gift_card_9", "business"));
        PredictionTally tally = PredictionReplay.run(conversations, DataFlowSpeculator.untrained(), 3, true);
        assertThat(tally.perTool().get("update_reservation_flights")[0]).as("the second conversation's update")
                .isEqualTo(1);
    }

    private static Transcript cabinChange(String reservation, String first, String second, String date, String payment,
                                          String cabin) {
        String flights = "[" + flight(first, "JFK", "ATL", date, true) + ", " + flight(second, "ATL", "SEA", date, true)
                + "]";
        String reservationDetails = "{\"reservation_id\": \"" + reservation + "\", \"origin\": \"JFK\", "
                + "\"destination\": \"SEA\", \"cabin\": \"economy\", \"flights\": " + flights + ", "
                + "\"payment_history\": [{\"payment_id\": \"" + payment + "\", \"amount\": 240}]}";
        ObjectNode update = (ObjectNode) CanonicalJson.parse("{\"reservation_id\": \"" + reservation + "\", \"cabin\": \""
                + cabin + "\", \"flights\": [" + flight(first, "JFK", "ATL", date, false) + ", "
                + flight(second, "ATL", "SEA", date, false) + "], \"payment_id\": \"" + payment + "\"}");
        return Transcript.empty()
                .withMessage("user", "Hi, please upgrade my reservation " + reservation + " to " + cabin + ".")
                .withCall(new ToolCallRecord("get_reservation_details", CanonicalJson.object("reservation_id", reservation),
                        reservationDetails))
                .withMessage("assistant", "The upgrade costs $300, paid with " + payment + ". Shall I go ahead?")
                .withMessage("user", "Yes")
                .withCall(new ToolCallRecord("update_reservation_flights", update, reservationDetails));
    }

    private static String flight(String number, String origin, String destination, String date, boolean full) {
        return "{\"flight_number\": \"" + number + "\", \"date\": \"" + date + "\""
                + (full ? ", \"origin\": \"" + origin + "\", \"destination\": \"" + destination + "\", \"price\": 120" : "")
                + "}";
    }

    @Test
    void aDateTheCustomerSaysWithTheMonthsNameCanFillAnIsoDateArgument() {
        String system = "Policy. The current time is 2024-05-15 15:00:00 EST.";
        Transcript first = Transcript.empty().withMessage("system", system)
                .withMessage("user", "Could you look for flights from JFK to SEA on May 20th?")
                .withCall(new ToolCallRecord("search_direct_flight", search("JFK", "SEA", "2024-05-20"), "[]"));
        DataFlowSpeculator speculator = DataFlowSpeculator.untrained();
        PredictionReplay.run(List.of(first), speculator, 3, true);
        Transcript second = Transcript.empty().withMessage("system", system)
                .withMessage("user", "Could you look for flights from ORD to LAX on the 3rd of June?");
        assertThat(ValueExtractor.sources(second)).anyMatch(v -> v.text().equals("\"2024-06-03\""));
        assertThat(speculator.propose(second, 3)).extracting(c -> c.call().call())
                .contains(ToolCallRecord.pending("search_direct_flight", search("ORD", "LAX", "2024-06-03")).call());
        Transcript named = Transcript.empty().withMessage("user", "Mark 5 seats, and on Dec. 1, 2025 please.");
        assertThat(ValueExtractor.sources(named)).extracting(ValueSource::text)
                .contains("\"2025-12-01\"").noneMatch(text -> text.startsWith("\"2025-03"));
    }

    /** An Arabic locale writes {@code %02d} with Arabic-Indic digits; the ISO date a tool takes has ASCII digits. */
    @Test
    void aDateTheCustomerSaysIsTheSameIsoDateInEveryLocale() {
        Transcript said = Transcript.empty().withMessage("user", "Could you look for flights on May 20th, 2024?");
        Locale before = Locale.getDefault();
        for (Locale locale : List.of(Locale.forLanguageTag("ar-SA"), Locale.GERMANY)) {
            Locale.setDefault(locale);
            try {
                assertThat(ValueExtractor.sources(said)).as("in %s", locale).extracting(ValueSource::text)
                        .contains("\"2024-05-20\"");
            } finally {
                Locale.setDefault(before);
            }
        }
    }

    private static ObjectNode search(String origin, String destination, String date) {
        return (ObjectNode) CanonicalJson.parse("{\"origin\": \"" + origin + "\", \"destination\": \"" + destination
                + "\", \"date\": \"" + date + "\"}");
    }

    /**
     * After a few conversations, the words every customer says ("Sure", "My") no longer pass for a name, and a
     * word given to one parameter is not given to the next as well.
     */
    @Test
    void aWordMostCustomersSayIsNotTakenForTheirName() {
        String[][] customers = {{"Ada", "Lovelace", "10115"}, {"Alan", "Turing", "20220"}, {"Grace", "Hopper", "30330"},
                {"Edsger", "Dijkstra", "40440"}, {"Barbara", "Liskov", "50550"}, {"Donald", "Knuth", "60660"}};
        DataFlowSpeculator speculator = DataFlowSpeculator.untrained();
        for (String[] c : customers) {
            PredictionReplay.run(List.of(identification(c[0], c[1], c[2])), speculator, 1, true);
        }
        Transcript next = identification("Frances", "Allen", "70770");
        ToolCallRecord lookUp = next.calls().getFirst();
        Transcript before = Transcript.empty().withMessage("user", next.entries().getFirst().text());
        assertThat(speculator.propose(before, 1)).extracting(c -> c.call().call()).containsExactly(lookUp.call());
        assertThat(speculator.propose(before, 2)).as("no call seen gave one value to two parameters")
                .noneMatch(c -> c.call().kwargs().path("first_name").equals(c.call().kwargs().path("last_name")));
    }

    private static Transcript identification(String first, String last, String zip) {
        return Transcript.empty()
                .withMessage("user", "Sure, My name is " + first + " " + last + " and my zip code is " + zip + ".")
                .withCall(new ToolCallRecord("find_user_id_by_name_zip", CanonicalJson.object("first_name", first,
                        "last_name", last, "zip", zip), first.toLowerCase() + "_" + last.toLowerCase() + "_1"));
    }

    /** The customer's words choose among tools the data flow cannot tell apart ("cancel" vs "return"). */
    @Test
    void theCustomersWordsChooseTheTool() {
        DataFlowSpeculator speculator = DataFlowSpeculator.untrained();
        String[][] seen = {{"return", "#1"}, {"cancel", "#2"}, {"return", "#3"}, {"cancel", "#4"}, {"return", "#5"},
                {"return", "#6"}};
        for (String[] s : seen) {
            PredictionReplay.run(List.of(request(s[0], s[1])), speculator, 1, true);
        }
        Transcript cancel = request("cancel", "#7");
        Transcript before = Transcript.empty().withCall(cancel.calls().getFirst()).withMessage("user",
                "Thanks. Please cancel it, I no longer need it.");
        assertThat(speculator.propose(before, 1)).extracting(c -> c.call().name()).containsExactly("cancel_order");
    }

    private static Transcript request(String action, String order) {
        return Transcript.empty()
                .withCall(new ToolCallRecord("get_order", CanonicalJson.object("order_id", order),
                        "{\"order_id\": \"" + order + "\", \"status\": \"open\"}"))
                .withMessage("user", "Thanks. Please " + action + " it, I no longer need it.")
                .withCall(new ToolCallRecord(action + "_order", CanonicalJson.object("order_id", order), "done"));
    }

    /** An item the customer names ("the water bottle") is the one whose product is looked up next. */
    @Test
    void theRecordTheCustomerNamesGivesTheValue() {
        DataFlowSpeculator speculator = DataFlowSpeculator.untrained();
        String[][] orders = {{"Desk Lamp", "p1", "Water Bottle", "p2"}, {"Tent", "p3", "Backpack", "p4"},
                {"Grill", "p5", "Kettle", "p6"}, {"Mouse", "p7", "Keyboard", "p8"}};
        for (String[] o : orders) { // the customer always names the second item
            PredictionReplay.run(List.of(itemQuestion(o, o[2], o[3])), speculator, 1, true);
        }
        String[] order = {"Sneakers", "p9", "Jacket", "p10"};
        Transcript asked = itemQuestion(order, order[0], order[1]);
        Transcript before = Transcript.empty().withCall(asked.calls().getFirst())
                .withMessage("user", asked.entries().get(1).text());
        assertThat(speculator.propose(before, 1)).extracting(c -> c.call().call())
                .containsExactly(ToolCallRecord.pending("get_product", CanonicalJson.object("product_id", "p9")).call());
    }

    private static Transcript itemQuestion(String[] order, String named, String product) {
        String items = "[{\"name\": \"" + order[0] + "\", \"product_id\": \"" + order[1] + "\"}, {\"name\": \""
                + order[2] + "\", \"product_id\": \"" + order[3] + "\"}]";
        return Transcript.empty()
                .withCall(new ToolCallRecord("get_order", CanonicalJson.object("order_id", "#" + product),
                        "{\"order_id\": \"#" + product + "\", \"items\": " + items + "}"))
                .withMessage("user", "Is the " + named.toLowerCase() + " available in blue?")
                .withCall(new ToolCallRecord("get_product", CanonicalJson.object("product_id", product), "{}"));
    }

    @Test
    void stemsRelateIdsAndPlurals() {
        assertThat(SourceRates.stem("order_id")).isEqualTo(SourceRates.stem("orders"));
        assertThat(SourceRates.stem("item_ids")).isEqualTo(SourceRates.stem("item_id"));
        assertThat(SourceRates.relation("product_id", "product_id")).isEqualTo("exact");
        assertThat(SourceRates.relation("product_id", "name")).isEqualTo("none");
    }

    private static DataFlowSpeculator withSchemas(String schemas) throws Exception {
        return new DataFlowSpeculator(new ToolCatalog().addSchemas(new ObjectMapper().readTree(schemas)),
                DataFlowSpeculator.Settings.DEFAULT);
    }

    /**
     * A tool known only from its schema is proposed with a value of its enum, and only its required parameters are
     * filled (an optional one no value can be found for does not keep the tool from being proposed).
     */
    @Test
    void anUnseenToolIsProposedWithItsSchemasEnumValueAndItsRequiredParametersOnly() throws Exception {
        DataFlowSpeculator speculator = withSchemas("""
                [{"type": "function", "function": {"name": "set_priority", "parameters": {"type": "object",
                  "properties": {"level": {"type": "string", "enum": ["low", "high"]}, "note": {"type": "string"}},
                  "required": ["level"]}}}]""");
        assertThat(speculator.name()).isEqualTo("learned");
        assertThat(speculator.propose(Transcript.empty(), 0)).as("k = 0").isEmpty();
        assertThat(speculator.propose(Transcript.empty(), 3)).extracting(c -> c.call().call()).containsExactlyInAnyOrder(
                ToolCallRecord.pending("set_priority", CanonicalJson.object("level", "low")).call(),
                ToolCallRecord.pending("set_priority", CanonicalJson.object("level", "high")).call());
    }

    /**
     * k guesses are spread over tools: after three calls of one tool the other tools' guesses come first, whatever
     * their scores, and a longer list starts with the shorter one.
     */
    @Test
    void theGuessesAreSpreadOverToolsAndALongerListExtendsAShorterOne() throws Exception {
        DataFlowSpeculator speculator = withSchemas("""
                [{"type": "function", "function": {"name": "get_shipment", "parameters": {"type": "object",
                  "properties": {"shipment_id": {"type": "string"}}, "required": ["shipment_id"]}}},
                 {"type": "function", "function": {"name": "set_priority", "parameters": {"type": "object",
                  "properties": {"level": {"type": "string", "enum": ["low", "high"]}}, "required": ["level"]}}}]""");
        Transcript t = Transcript.empty().withCall(new ToolCallRecord("get_customer",
                CanonicalJson.object("customer_id", "c_1"), "{\"customer_id\": \"c_1\", \"shipments\": [\"S-900\", "
                        + "\"S-901\", \"S-902\", \"S-903\", \"S-904\"], \"city\": \"Oslo\"}"));
        List<ScoredCall> seven = speculator.propose(t, 7);
        assertThat(seven).hasSize(7);
        assertThat(seven.stream().map(c -> c.call().call()).distinct()).hasSize(7);
        // best first, at most three calls of one tool (perToolCap); the fourth get_shipment is held back until the
        // other tool's weaker guesses are in
        List<ScoredCall> firstSix = seven.subList(0, 6);
        assertThat(firstSix).extracting(ScoredCall::score).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(firstSix).filteredOn(c -> c.call().name().equals("get_shipment")).hasSize(3);
        assertThat(seven.getLast().call().call())
                .isEqualTo(ToolCallRecord.pending("get_shipment", CanonicalJson.object("shipment_id", "S-903")).call());
        assertThat(seven.getLast().score()).isGreaterThan(seven.get(5).score());
        assertThat(seven.getFirst().call().kwargs().path("shipment_id").asText()).isEqualTo("S-900");
        for (int k = 1; k < 7; k++) {
            assertThat(speculator.propose(t, k)).as("k = %d", k).containsExactlyElementsOf(seven.subList(0, k));
        }
    }

    /** {@link DataFlowSpeculator#train} learns from whole episodes what {@code observe} learns call by call. */
    @Test
    void trainingOnEpisodesTeachesTheToolsAndTheirDataFlow() {
        List<List<ToolCallRecord>> episodes = new ArrayList<>();
        for (String u : List.of("u_1", "u_2", "u_3")) {
            episodes.add(List.of(
                    new ToolCallRecord("get_user", CanonicalJson.object("user_id", u),
                            "{\"user_id\": \"" + u + "\", \"orders\": [\"#" + u + "\"]}"),
                    new ToolCallRecord("get_order", CanonicalJson.object("order_id", "#" + u), "{\"status\": \"pending\"}"),
                    new ToolCallRecord("cancel_order", CanonicalJson.object("order_id", "#" + u), "done")));
        }
        DataFlowSpeculator speculator = DataFlowSpeculator.untrained().train(episodes);
        Transcript looked = Transcript.empty().withCall(new ToolCallRecord("get_user",
                CanonicalJson.object("user_id", "u_9"), "{\"user_id\": \"u_9\", \"orders\": [\"#u_9\"]}"));
        assertThat(speculator.propose(looked, 1)).extracting(c -> c.call().call())
                .containsExactly(ToolCallRecord.pending("get_order", CanonicalJson.object("order_id", "#u_9")).call());
        Transcript read = looked.withCall(new ToolCallRecord("get_order", CanonicalJson.object("order_id", "#u_9"),
                "{\"status\": \"pending\"}"));
        assertThat(speculator.propose(read, 1)).as("the tool that came after this one").extracting(c -> c.call().call())
                .containsExactly(ToolCallRecord.pending("cancel_order", CanonicalJson.object("order_id", "#u_9")).call());
    }
}
