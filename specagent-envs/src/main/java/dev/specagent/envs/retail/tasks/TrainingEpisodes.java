package dev.specagent.envs.retail.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.speculate.ToolCallRecord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns training tasks into call sequences a speculator can learn data flow from. The retail training
 * tasks list only their write actions, but an agent following the domain policy ({@code wiki.md}) first
 * authenticates the customer, finds the orders concerned and, for an item change, reads the product of
 * each item: so each episode is the look-up of the user id by name and zip, the user's details, the
 * details of the user's orders in their listed order up to the last order the writes touch (an agent
 * looking for the order the customer means), then for each write the order's details again unless they
 * were the last order read (the policy: "check its status before taking the action"), the products of the
 * items it changes and the write itself; all run on the task's fresh database so every output is real.
 */
public final class TrainingEpisodes {

    private TrainingEpisodes() {
    }

    /** The episodes of {@code tasks}, each run from {@code fresh}. */
    public static List<List<ToolCallRecord>> of(List<RetailTask> tasks, RetailDatabase fresh) {
        List<List<ToolCallRecord>> out = new ArrayList<>();
        for (RetailTask task : tasks) {
            out.add(GoldReplay.run(withPolicyReads(task, fresh), fresh));
        }
        return out;
    }

    /** {@code task} with the reads the policy requires before its writes. */
    static RetailTask withPolicyReads(RetailTask task, RetailDatabase db) {
        List<ToolCallRecord> calls = new ArrayList<>();
        Set<String> seenOrders = new LinkedHashSet<>();
        db.users().get(task.userId()).ifPresent(user -> {
            JsonNode name = user.path("name");
            calls.add(call("find_user_id_by_name_zip", "first_name", name.path("first_name").asText(),
                    "last_name", name.path("last_name").asText(), "zip", user.path("address").path("zip").asText()));
            calls.add(call("get_user_details", "user_id", task.userId()));
            List<String> orders = new ArrayList<>();
            user.path("orders").forEach(o -> orders.add(o.asText()));
            int last = -1;
            for (ToolCallRecord write : task.actions()) {
                last = Math.max(last, orders.indexOf(write.kwargs().path("order_id").asText()));
            }
            for (int i = 0; i <= last; i++) {
                seenOrders.add(orders.get(i));
                calls.add(call("get_order_details", "order_id", orders.get(i)));
            }
        });
        Set<String> seenProducts = new LinkedHashSet<>();
        for (ToolCallRecord write : task.actions()) {
            String orderId = write.kwargs().path("order_id").asText(null);
            if (orderId != null && (seenOrders.add(orderId) || !orderId.equals(lastOrderRead(calls)))) {
                calls.add(call("get_order_details", "order_id", orderId));
            }
            if (orderId != null && write.kwargs().has("new_item_ids")) {
                db.orders().get(orderId).ifPresent(order -> write.kwargs().path("item_ids").forEach(itemId -> {
                    for (JsonNode item : order.path("items")) {
                        if (item.path("item_id").asText().equals(itemId.asText())
                                && seenProducts.add(item.path("product_id").asText())) {
                            calls.add(call("get_product_details", "product_id", item.path("product_id").asText()));
                        }
                    }
                }));
            }
            calls.add(write);
        }
        return new RetailTask(task.index(), task.userId(), task.instruction(), calls, task.outputs());
    }

    /** The order of the latest {@code get_order_details} in {@code calls}, or null. */
    private static String lastOrderRead(List<ToolCallRecord> calls) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).name().equals("get_order_details")) {
                return calls.get(i).kwargs().path("order_id").asText();
            }
        }
        return null;
    }

    private static ToolCallRecord call(String name, Object... kv) {
        return ToolCallRecord.pending(name, CanonicalJson.object(kv));
    }
}
