package dev.specagent.envs.retail.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The training episodes follow the domain policy's reads around a train task's writes. */
class TrainingEpisodesTest {

    @Test
    void anEpisodeWalksTheOrdersThenRechecksEachOrderRightBeforeItsWrite() {
        RetailDatabase db = RetailData.database();
        RetailTask task = RetailData.tasks(TaskSplit.TRAIN).stream()
                .filter(t -> t.actions().size() == 2 && t.actions().stream()
                        .allMatch(a -> a.name().equals("cancel_pending_order")))
                .findFirst().orElseThrow();
        List<String> orders = new ArrayList<>();
        db.users().get(task.userId()).orElseThrow().path("orders").forEach(o -> orders.add(o.asText()));
        String first = task.actions().get(0).kwargs().path("order_id").asText();
        String second = task.actions().get(1).kwargs().path("order_id").asText();
        int last = Math.max(orders.indexOf(first), orders.indexOf(second));

        List<String> expected = new ArrayList<>(List.of("find_user_id_by_name_zip", "get_user_details"));
        for (int i = 0; i <= last; i++) {
            expected.add("get_order_details " + orders.get(i));
        }
        if (!first.equals(orders.get(last))) {
            expected.add("get_order_details " + first);
        }
        expected.add("cancel_pending_order " + first);
        expected.add("get_order_details " + second);
        expected.add("cancel_pending_order " + second);

        List<ToolCallRecord> episode = TrainingEpisodes.of(List.of(task), db).getFirst();
        assertThat(episode).extracting(TrainingEpisodesTest::describe).containsExactlyElementsOf(expected);
        assertThat(episode).allSatisfy(call -> assertThat(call.output()).doesNotStartWith("Error"));
    }

    private static String describe(ToolCallRecord call) {
        JsonNode order = call.kwargs().path("order_id");
        return order.isMissingNode() ? call.name() : call.name() + " " + order.asText();
    }

    /**
     * Two writes on the order read last need no re-read, and an item change first reads the product of each item it
     * changes, once per product, right before the write.
     */
    @Test
    void writesOnTheOrderReadLastAreNotPrecededByAReReadAndItemChangesReadTheirProducts() {
        RetailDatabase db = RetailData.database();
        String userId = db.users().keys().stream()
                .filter(u -> db.users().get(u).orElseThrow().path("orders").size() >= 2).findFirst().orElseThrow();
        JsonNode user = db.users().get(userId).orElseThrow();
        String first = user.path("orders").get(0).asText();
        String second = user.path("orders").get(1).asText();
        JsonNode items = db.orders().get(second).orElseThrow().path("items");
        List<String> itemIds = new ArrayList<>();
        LinkedHashSet<String> products = new LinkedHashSet<>();
        items.forEach(item -> {
            itemIds.add(item.path("item_id").asText());
            products.add(item.path("product_id").asText());
        });
        ToolCallRecord cancel = ToolCallRecord.pending("cancel_pending_order",
                CanonicalJson.object("order_id", second, "reason", "ordered by mistake"));
        ToolCallRecord change = ToolCallRecord.pending("modify_pending_order_items", CanonicalJson.object(
                "order_id", second, "item_ids", itemIds, "new_item_ids", itemIds, "payment_method_id", "x"));
        RetailTask task = new RetailTask(0, userId, "", List.of(cancel, change), List.of());

        List<String> expected = new ArrayList<>(List.of("find_user_id_by_name_zip", "get_user_details",
                "get_order_details " + first, "get_order_details " + second, "cancel_pending_order " + second));
        products.forEach(p -> expected.add("get_product_details"));
        expected.add("modify_pending_order_items " + second);
        List<ToolCallRecord> calls = TrainingEpisodes.withPolicyReads(task, db).actions();
        assertThat(calls).extracting(TrainingEpisodesTest::describe).containsExactlyElementsOf(expected);
        assertThat(calls).filteredOn(c -> c.name().equals("get_product_details"))
                .extracting(c -> c.kwargs().path("product_id").asText()).containsExactlyElementsOf(products);
        assertThat(calls.getFirst().kwargs().path("first_name").asText())
                .isEqualTo(user.path("name").path("first_name").asText());
        assertThat(calls.getFirst().kwargs().path("zip").asText()).isEqualTo(user.path("address").path("zip").asText());
    }
}
