package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.conversations.ConversationReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

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

    private static ObjectNode bags(String booking, int total) {
        return (ObjectNode) CanonicalJson.parse(
                "{\"booking_id\": \"" + booking + "\", \"total\": " + total + "}");
    }

    @Test
    void stemsRelateIdsAndPlurals() {
        assertThat(DataFlowSpeculator.stem("order_id")).isEqualTo(DataFlowSpeculator.stem("orders"));
        assertThat(DataFlowSpeculator.stem("item_ids")).isEqualTo(DataFlowSpeculator.stem("item_id"));
        assertThat(DataFlowSpeculator.relation("product_id", "product_id")).isEqualTo("exact");
        assertThat(DataFlowSpeculator.relation("product_id", "name")).isEqualTo("none");
    }
}
