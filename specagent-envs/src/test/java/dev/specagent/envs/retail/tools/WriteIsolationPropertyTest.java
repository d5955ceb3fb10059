package dev.specagent.envs.retail.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RecordTable;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.json.PyJson;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded property: a write tool never changes the database value it is given (a fork's write cannot reach
 * the committed version, nor an older fork), whichever tool, order, user and payment method it is called
 * with, and its new version differs from the old one only in the order and the user it names.
 */
class WriteIsolationPropertyTest {

    private static final List<String> WRITES = List.of("cancel_pending_order", "modify_pending_order_address",
            "modify_pending_order_items", "modify_pending_order_payment", "return_delivered_order_items",
            "exchange_delivered_order_items", "modify_user_address");

    @Test
    void aWriteNeverChangesTheVersionItRanOn() {
        RetailDatabase fresh = RetailDatabase.load(RetailData.folder()); // a private copy: a bug must not leak
        String freshHash = fresh.contentHash();
        Random random = new Random(2024);
        // gift cards rich enough to pay for any order, so the gift-card paths of every write run too
        RetailDatabase rich = fresh;
        for (String id : fresh.users().keys()) {
            ObjectNode user = fresh.users().get(id).orElseThrow().deepCopy();
            user.path("payment_methods").forEach(m -> {
                if (m.path("source").asText().equals("gift_card")) {
                    ((ObjectNode) m).put("balance", 10000);
                }
            });
            rich = rich.withUser(id, user);
        }
        String richHash = rich.contentHash();
        List<RetailDatabase> versions = new ArrayList<>(List.of(fresh, rich));
        int giftCardPayments = 0;
        int writes = 0;
        int[] perTool = new int[WRITES.size()];
        for (int step = 0; step < 600; step++) {
            RetailDatabase db = versions.get(random.nextInt(versions.size()));
            int t = random.nextInt(WRITES.size());
            String tool = WRITES.get(t);
            ObjectNode args = arguments(tool, db, random);
            if (args == null) {
                continue;
            }
            String orderId = args.path("order_id").asText(null);
            String userId = orderId != null ? db.orders().get(orderId).orElseThrow().path("user_id").asText()
                    : args.get("user_id").asText();
            String orderBefore = orderId == null ? null : PyJson.dumps(db.orders().get(orderId).orElseThrow());
            String userBefore = PyJson.dumps(db.users().get(userId).orElseThrow());

            ToolResult result = RetailTools.execute(db, tool, args);

            assertThat(PyJson.dumps(db.users().get(userId).orElseThrow())).as("%s %s: the user it ran on", tool, args)
                    .isEqualTo(userBefore);
            if (orderId != null) {
                assertThat(PyJson.dumps(db.orders().get(orderId).orElseThrow())).as("%s %s: the order it ran on", tool, args)
                        .isEqualTo(orderBefore);
            }
            RetailDatabase next = result.database();
            if (next != db) {
                writes++;
                perTool[t]++;
                assertOnlyChanged(db.orders(), next.orders(), orderId);
                assertOnlyChanged(db.users(), next.users(), userId);
                assertThat(next.products()).isSameAs(db.products());
                versions.add(next);
                if (tool.equals("modify_pending_order_payment") && args.get("payment_method_id").asText().contains("gift_card")) {
                    giftCardPayments++;
                }
            }
        }
        assertThat(fresh.contentHash()).as("the version every fork started from").isEqualTo(freshHash);
        assertThat(rich.contentHash()).isEqualTo(richHash);
        assertThat(writes).isGreaterThan(150);
        assertThat(giftCardPayments).as("orders paid anew by gift card").isGreaterThan(3);
        for (int t = 0; t < WRITES.size(); t++) {
            assertThat(perTool[t]).as("successful %s calls", WRITES.get(t)).isGreaterThan(3);
        }
    }

    /**
     * An address value the caller passes as a list or dict is copied into the new database: it was stored by
     * reference, so a caller reusing its argument tree for its next call changed a database value, the committed
     * one included, without any write.
     */
    @Test
    void anAddressTheCallerChangesLaterDoesNotChangeTheDatabase() {
        RetailDatabase db = RetailData.database();
        ObjectNode zip = CanonicalJson.object("code", "80279", "parts", List.of("802", "79"));
        ObjectNode args = CanonicalJson.object("user_id", "noah_brown_6181", "address1", "a", "address2", "b", "city",
                "c", "state", "d", "country", "e", "zip", zip);
        RetailDatabase moved = RetailTools.execute(db, "modify_user_address", args).database();
        String order = db.orders().keys().stream().filter(id -> db.orders().get(id).orElseThrow().path("status")
                .asText().equals("pending")).findFirst().orElseThrow();
        args.remove("user_id");
        args.put("order_id", order);
        RetailDatabase shipped = RetailTools.execute(moved, "modify_pending_order_address", args).database();
        String user = PyJson.dumps(shipped.users().get("noah_brown_6181").orElseThrow());
        String orderRecord = PyJson.dumps(shipped.orders().get(order).orElseThrow());
        String hash = shipped.contentHash();

        zip.put("code", "00000");
        ((ArrayNode) zip.get("parts")).add("x");
        args.put("address1", "changed");

        assertThat(PyJson.dumps(shipped.users().get("noah_brown_6181").orElseThrow())).isEqualTo(user)
                .contains("{\"code\": \"80279\", \"parts\": [\"802\", \"79\"]}");
        assertThat(PyJson.dumps(shipped.orders().get(order).orElseThrow())).isEqualTo(orderRecord);
        assertThat(shipped.contentHash()).isEqualTo(hash);
    }

    private static void assertOnlyChanged(RecordTable before, RecordTable after, String key) {
        for (int i = 0; i < before.size(); i++) {
            if (!before.keys().get(i).equals(key)) {
                assertThat(after.at(i)).as("untouched record %s", before.keys().get(i)).isSameAs(before.at(i));
            }
        }
    }

    /** Plausible arguments for {@code tool} on {@code db}, mostly valid so that the write paths run. */
    private static ObjectNode arguments(String tool, RetailDatabase db, Random random) {
        if (tool.equals("modify_user_address")) {
            String user = db.users().keys().get(random.nextInt(db.users().size()));
            return CanonicalJson.object("user_id", user, "address1", "1 Main St", "address2", "Apt " + random.nextInt(9),
                    "city", "Austin", "state", "TX", "country", "USA", "zip", "7870" + random.nextInt(10));
        }
        boolean delivered = tool.startsWith("return") || tool.startsWith("exchange");
        String orderId = order(db, delivered ? "delivered" : "pending", random);
        ObjectNode order = db.orders().get(orderId).orElseThrow();
        ObjectNode user = db.users().get(order.path("user_id").asText()).orElseThrow();
        List<String> methods = new ArrayList<>();
        user.path("payment_methods").fieldNames().forEachRemaining(methods::add);
        List<String> giftCards = methods.stream().filter(m -> m.contains("gift_card")).toList();
        String method = !giftCards.isEmpty() && random.nextBoolean() ? giftCards.get(random.nextInt(giftCards.size()))
                : methods.get(random.nextInt(methods.size()));
        List<String> items = new ArrayList<>();
        List<String> replacements = new ArrayList<>();
        for (JsonNode item : order.path("items")) {
            if (random.nextInt(3) > 0 || items.isEmpty()) {
                JsonNode variants = db.products().get(item.path("product_id").asText()).orElseThrow().path("variants");
                List<String> available = new ArrayList<>();
                for (Iterator<String> it = variants.fieldNames(); it.hasNext(); ) {
                    String v = it.next();
                    if (variants.get(v).path("available").asBoolean(false)) {
                        available.add(v);
                    }
                }
                if (available.isEmpty() || items.contains(item.path("item_id").asText())) {
                    continue;
                }
                items.add(item.path("item_id").asText());
                replacements.add(available.get(random.nextInt(available.size())));
            }
        }
        return switch (tool) {
            case "cancel_pending_order" -> CanonicalJson.object("order_id", orderId, "reason",
                    random.nextBoolean() ? "no longer needed" : "ordered by mistake");
            case "modify_pending_order_address" -> CanonicalJson.object("order_id", orderId, "address1", "2 Elm St",
                    "address2", "", "city", "Dallas", "state", "TX", "country", "USA", "zip", "75201");
            case "modify_pending_order_payment" -> CanonicalJson.object("order_id", orderId, "payment_method_id", method);
            case "modify_pending_order_items", "exchange_delivered_order_items" -> items.isEmpty() ? null
                    : CanonicalJson.object("order_id", orderId, "item_ids", items, "new_item_ids", replacements,
                    "payment_method_id", method);
            case "return_delivered_order_items" -> items.isEmpty() ? null
                    : CanonicalJson.object("order_id", orderId, "item_ids", items, "payment_method_id", method);
            default -> throw new AssertionError(tool);
        };
    }

    private static String order(RetailDatabase db, String status, Random random) {
        while (true) {
            int i = random.nextInt(db.orders().size());
            if (db.orders().at(i).path("status").asText().equals(status)) {
                return db.orders().keys().get(i);
            }
        }
    }
}
