package dev.specagent.envs.retail.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.SideEffect;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.json.PyJson;
import dev.specagent.envs.retail.json.PyNumber;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The seven retail tools that change the database: cancel, modify (address, items, payment), return and
 * exchange an order, and modify a user's address. Each validates like the reference (same checks in the
 * same order, same error strings), then writes deep copies of the one order and at most one user it
 * changes into a new database value.
 */
final class WriteTools {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> ADDRESS = List.of("address1", "address2", "city", "state", "country", "zip");

    private WriteTools() {
    }

    static List<RetailTool> all() {
        List<String> orderAddressArgs = new ArrayList<>(List.of("order_id"));
        orderAddressArgs.addAll(ADDRESS);
        List<String> userAddressArgs = new ArrayList<>(List.of("user_id"));
        userAddressArgs.addAll(ADDRESS);
        return List.of(
                new SimpleTool("cancel_pending_order", "CancelPendingOrder", List.of("order_id", "reason"),
                        SideEffect.REVERSIBLE, WriteTools::cancel),
                new SimpleTool("modify_pending_order_address", "ModifyPendingOrderAddress",
                        List.copyOf(orderAddressArgs), SideEffect.REVERSIBLE, WriteTools::modifyOrderAddress),
                new SimpleTool("modify_pending_order_items", "ModifyPendingOrderItems",
                        List.of("order_id", "item_ids", "new_item_ids", "payment_method_id"), SideEffect.REVERSIBLE,
                        WriteTools::modifyItems),
                new SimpleTool("modify_pending_order_payment", "ModifyPendingOrderPayment",
                        List.of("order_id", "payment_method_id"), SideEffect.REVERSIBLE, WriteTools::modifyPayment),
                new SimpleTool("return_delivered_order_items", "ReturnDeliveredOrderItems",
                        List.of("order_id", "item_ids", "payment_method_id"), SideEffect.REVERSIBLE,
                        WriteTools::returnItems),
                new SimpleTool("exchange_delivered_order_items", "ExchangeDeliveredOrderItems",
                        List.of("order_id", "item_ids", "new_item_ids", "payment_method_id"), SideEffect.REVERSIBLE,
                        WriteTools::exchange),
                new SimpleTool("modify_user_address", "ModifyUserAddress", List.copyOf(userAddressArgs),
                        SideEffect.REVERSIBLE, WriteTools::modifyUserAddress));
    }

    // ---- the tools -------------------------------------------------------------------------------

    private static ToolResult cancel(RetailDatabase db, ToolArgs args) {
        String orderId = args.key("order_id");
        OrderCheck check = checkOrder(db, orderId, "pending", "Error: non-pending order cannot be cancelled");
        if (check.refusal() != null) {
            return check.refusal();
        }
        String reason = args.string("reason");
        if (!reason.equals("no longer needed") && !reason.equals("ordered by mistake")) {
            return error(db, "Error: invalid reason");
        }
        ObjectNode order = check.order().deepCopy();
        String userId = order.path("user_id").asText();
        ObjectNode user = null;
        List<ObjectNode> refunds = new ArrayList<>();
        for (JsonNode payment : field(order, "payment_history")) {
            String paymentId = field(payment, "payment_method_id").asText();
            refunds.add(transaction("refund", field(payment, "amount"), paymentId));
            if (paymentId.contains("gift_card")) {
                if (user == null) {
                    user = user(db, userId).deepCopy();
                }
                credit(user, paymentId, field(payment, "amount"));
            }
        }
        order.put("status", "cancelled");
        order.put("cancel_reason", reason);
        refunds.forEach(((ArrayNode) order.get("payment_history"))::add);
        return savedOrder(db, orderId, order, userId, user);
    }

    private static ToolResult modifyOrderAddress(RetailDatabase db, ToolArgs args) {
        String orderId = args.key("order_id");
        OrderCheck check = checkOrder(db, orderId, "pending", "Error: non-pending order cannot be modified");
        if (check.refusal() != null) {
            return check.refusal();
        }
        ObjectNode order = check.order().deepCopy();
        order.set("address", address(args));
        return new ToolResult(PyJson.dumps(order), db.withOrder(orderId, order));
    }

    private static ToolResult modifyUserAddress(RetailDatabase db, ToolArgs args) {
        String userId = args.key("user_id");
        Optional<ObjectNode> found = db.users().get(userId);
        if (found.isEmpty()) {
            return error(db, "Error: user not found");
        }
        ObjectNode user = found.get().deepCopy();
        user.set("address", address(args));
        return new ToolResult(PyJson.dumps(user), db.withUser(userId, user));
    }

    private static ToolResult modifyItems(RetailDatabase db, ToolArgs args) {
        String orderId = args.key("order_id");
        OrderCheck check = checkOrder(db, orderId, "pending", "Error: non-pending order cannot be modified");
        if (check.refusal() != null) {
            return check.refusal();
        }
        ObjectNode original = check.order();
        Replacement replacement = replacement(db, original, args);
        if (replacement.refusal() != null) {
            return replacement.refusal();
        }
        List<String> itemIds = replacement.itemIds();
        List<String> newItemIds = replacement.newItemIds();
        Priced priced = replacement.priced();
        JsonNode diff = priced.difference;
        String userId = original.path("user_id").asText();
        String methodId = args.key("payment_method_id");
        ObjectNode user = user(db, userId);
        if (!field(user, "payment_methods").has(methodId)) {
            return error(db, "Error: payment method not found");
        }
        ObjectNode method = (ObjectNode) user.get("payment_methods").get(methodId);
        boolean giftCard = field(method, "source").asText().equals("gift_card");
        if (giftCard && PyNumber.less(field(method, "balance"), diff)) {
            return error(db, "Error: insufficient gift card balance to pay for the new item");
        }
        ObjectNode order = original.deepCopy();
        ((ArrayNode) order.get("payment_history"))
                .add(transaction(PyNumber.positive(diff) ? "payment" : "refund", PyNumber.abs(diff), methodId));
        RetailDatabase next = db;
        if (giftCard) {
            ObjectNode newUser = user.deepCopy();
            debit(newUser, methodId, diff);
            next = next.withUser(userId, newUser);
        }
        for (int i = 0; i < itemIds.size(); i++) {
            ObjectNode item = firstItem(order, itemIds.get(i));
            ObjectNode variant = variant(db, item.path("product_id").asText(), newItemIds.get(i));
            item.put("item_id", newItemIds.get(i));
            item.set("price", field(variant, "price"));
            item.set("options", field(variant, "options"));
        }
        order.put("status", "pending (item modified)");
        return new ToolResult(PyJson.dumps(order), next.withOrder(orderId, order));
    }

    private static ToolResult modifyPayment(RetailDatabase db, ToolArgs args) {
        String orderId = args.key("order_id");
        OrderCheck check = checkOrder(db, orderId, "pending", "Error: non-pending order cannot be modified");
        if (check.refusal() != null) {
            return check.refusal();
        }
        ObjectNode original = check.order();
        String userId = original.path("user_id").asText();
        String methodId = args.key("payment_method_id");
        ObjectNode user = user(db, userId);
        if (!field(user, "payment_methods").has(methodId)) {
            return error(db, "Error: payment method not found");
        }
        JsonNode history = field(original, "payment_history");
        if (history.size() == 0) {
            throw new ToolError("list index out of range");
        }
        JsonNode first = history.get(0);
        if (history.size() > 1 || !field(first, "transaction_type").asText().equals("payment")) {
            return error(db, "Error: there should be exactly one payment for a pending order");
        }
        String oldMethodId = field(first, "payment_method_id").asText();
        if (oldMethodId.equals(methodId)) {
            return error(db, "Error: the new payment method should be different from the current one");
        }
        JsonNode amount = field(first, "amount");
        ObjectNode method = (ObjectNode) user.get("payment_methods").get(methodId);
        boolean giftCard = field(method, "source").asText().equals("gift_card");
        if (giftCard && PyNumber.less(field(method, "balance"), amount)) {
            return error(db, "Error: insufficient gift card balance to pay for the order");
        }
        ObjectNode order = original.deepCopy();
        ArrayNode newHistory = (ArrayNode) order.get("payment_history");
        newHistory.add(transaction("payment", amount, methodId));
        newHistory.add(transaction("refund", amount, oldMethodId));
        ObjectNode newUser = null;
        if (giftCard) {
            newUser = user.deepCopy();
            debit(newUser, methodId, amount);
        }
        if (oldMethodId.contains("gift_card")) {
            if (newUser == null) {
                newUser = user.deepCopy();
            }
            credit(newUser, oldMethodId, amount);
        }
        return savedOrder(db, orderId, order, userId, newUser);
    }

    /** The database with the changed order (and the changed user, when there is one); the tool answers the order. */
    private static ToolResult savedOrder(RetailDatabase db, String orderId, ObjectNode order, String userId,
                                         ObjectNode changedUser) {
        RetailDatabase next = db.withOrder(orderId, order);
        if (changedUser != null) {
            next = next.withUser(userId, changedUser);
        }
        return new ToolResult(PyJson.dumps(order), next);
    }

    private static ToolResult returnItems(RetailDatabase db, ToolArgs args) {
        String orderId = args.key("order_id");
        OrderCheck check = checkOrder(db, orderId, "delivered", "Error: non-delivered order cannot be returned");
        if (check.refusal() != null) {
            return check.refusal();
        }
        ObjectNode original = check.order();
        String methodId = args.key("payment_method_id");
        if (!field(user(db, original.path("user_id").asText()), "payment_methods").has(methodId)) {
            return error(db, "Error: payment method not found");
        }
        if (!methodId.contains("gift_card") && !methodId.equals(
                field(firstOf(field(original, "payment_history")), "payment_method_id").asText())) {
            return error(db, "Error: payment method should be either the original payment method or a gift card");
        }
        List<String> itemIds = args.countedStrings("item_ids");
        if (missingItem(original, itemIds).isPresent()) {
            return error(db, "Error: some item not found");
        }
        ObjectNode order = original.deepCopy();
        order.put("status", "return requested");
        order.set("return_items", sortedArray(itemIds));
        order.put("return_payment_method_id", methodId);
        return new ToolResult(PyJson.dumps(order), db.withOrder(orderId, order));
    }

    private static ToolResult exchange(RetailDatabase db, ToolArgs args) {
        String orderId = args.key("order_id");
        OrderCheck check = checkOrder(db, orderId, "delivered", "Error: non-delivered order cannot be exchanged");
        if (check.refusal() != null) {
            return check.refusal();
        }
        ObjectNode original = check.order();
        Replacement replacement = replacement(db, original, args);
        if (replacement.refusal() != null) {
            return replacement.refusal();
        }
        List<String> itemIds = replacement.itemIds();
        List<String> newItemIds = replacement.newItemIds();
        Priced priced = replacement.priced();
        JsonNode diff = PyNumber.round2(priced.difference);
        String methodId = args.key("payment_method_id");
        ObjectNode user = user(db, original.path("user_id").asText());
        if (!field(user, "payment_methods").has(methodId)) {
            return error(db, "Error: payment method not found");
        }
        ObjectNode method = (ObjectNode) user.get("payment_methods").get(methodId);
        if (field(method, "source").asText().equals("gift_card") && PyNumber.less(field(method, "balance"), diff)) {
            return error(db, "Error: insufficient gift card balance to pay for the price difference");
        }
        ObjectNode order = original.deepCopy();
        order.put("status", "exchange requested");
        order.set("exchange_items", sortedArray(itemIds));
        order.set("exchange_new_items", sortedArray(newItemIds));
        order.put("exchange_payment_method_id", methodId);
        order.set("exchange_price_difference", diff);
        return new ToolResult(PyJson.dumps(order), db.withOrder(orderId, order));
    }

    // ---- shared checks -----------------------------------------------------------------------------

    private record Priced(JsonNode difference, String error) {
    }

    /** The summed price difference of the replacements, or the reference's error for an unavailable new item. */
    private static Priced priceDifference(RetailDatabase db, ObjectNode order, List<String> itemIds,
                                          List<String> newItemIds) {
        JsonNode diff = PyNumber.zero();
        for (int i = 0; i < itemIds.size(); i++) {
            ObjectNode item = firstItem(order, itemIds.get(i));
            String productId = item.path("product_id").asText();
            ObjectNode product = db.products().get(productId).orElseThrow(() -> ToolError.keyError(productId));
            JsonNode variant = field(product, "variants").get(ToolArgs.requireHashable(newItemIds.get(i)));
            if (variant == null || !variant.path("available").asBoolean(false)) {
                return new Priced(null, "Error: new item " + ToolArgs.str(newItemIds.get(i)) + " not found or available");
            }
            diff = PyNumber.add(diff, PyNumber.subtract(field(variant, "price"), field(item, "price")));
        }
        return new Priced(diff, null);
    }

    /** The first requested item id asked for more often than the order holds it. */
    private static Optional<String> missingItem(ObjectNode order, List<String> itemIds) {
        List<String> all = new ArrayList<>();
        field(order, "items").forEach(item -> all.add(item.path("item_id").asText()));
        for (String id : itemIds) {
            if (Collections.frequency(itemIds, id) > Collections.frequency(all, id)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private static ObjectNode firstItem(ObjectNode order, String itemId) {
        for (JsonNode item : field(order, "items")) {
            if (item.path("item_id").asText().equals(itemId)) {
                return (ObjectNode) item;
            }
        }
        throw new ToolError("list index out of range");
    }

    private static ObjectNode variant(RetailDatabase db, String productId, String itemId) {
        ObjectNode product = db.products().get(productId).orElseThrow(() -> ToolError.keyError(productId));
        JsonNode variant = field(product, "variants").get(itemId);
        if (variant == null) {
            throw ToolError.keyError(itemId);
        }
        return (ObjectNode) variant;
    }

    /** The address the arguments give, copied: a list or dict stays the caller's, who may change it later. */
    private static ObjectNode address(ToolArgs args) {
        ObjectNode address = NODES.objectNode();
        for (String key : ADDRESS) {
            address.set(key, args.raw(key).deepCopy());
        }
        return address;
    }

    private static ArrayNode sortedArray(List<String> values) {
        List<String> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        ArrayNode out = NODES.arrayNode();
        sorted.forEach(out::add);
        return out;
    }

    private static ObjectNode user(RetailDatabase db, String userId) {
        return db.users().get(userId).orElseThrow(() -> ToolError.keyError(userId));
    }

    /** A payment history entry, its keys in the reference's order. */
    private static ObjectNode transaction(String type, JsonNode amount, String methodId) {
        ObjectNode entry = NODES.objectNode();
        entry.put("transaction_type", type);
        entry.set("amount", amount);
        entry.put("payment_method_id", methodId);
        return entry;
    }

    /** Adds {@code amount} to the balance of the user's payment method {@code methodId}, rounded to cents. */
    private static void credit(ObjectNode user, String methodId, JsonNode amount) {
        ObjectNode method = paymentMethod(user, methodId);
        method.set("balance", PyNumber.round2(PyNumber.add(field(method, "balance"), amount)));
    }

    /** Takes {@code amount} from the balance of the user's payment method {@code methodId}, rounded to cents. */
    private static void debit(ObjectNode user, String methodId, JsonNode amount) {
        ObjectNode method = paymentMethod(user, methodId);
        method.set("balance", PyNumber.round2(PyNumber.subtract(field(method, "balance"), amount)));
    }

    private static ObjectNode paymentMethod(ObjectNode user, String methodId) {
        JsonNode method = field(user, "payment_methods").get(methodId);
        if (method == null) {
            throw ToolError.keyError(methodId);
        }
        return (ObjectNode) method;
    }

    private static String status(ObjectNode order) {
        return field(order, "status").asText();
    }

    private static JsonNode firstOf(JsonNode array) {
        if (array.size() == 0) {
            throw new ToolError("list index out of range");
        }
        return array.get(0);
    }

    /** {@code node[key]}, raising Python's {@code KeyError} when absent. */
    private static JsonNode field(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw ToolError.keyError(key);
        }
        return value;
    }

    /** An order a tool may act on, or the reference's refusal when it is missing or in another status. */
    private record OrderCheck(ObjectNode order, ToolResult refusal) {
    }

    /** Looks the order up and checks its status, in the reference's order: existence first, then status. */
    private static OrderCheck checkOrder(RetailDatabase db, String orderId, String status, String wrongStatus) {
        Optional<ObjectNode> found = db.orders().get(orderId);
        if (found.isEmpty()) {
            return new OrderCheck(null, error(db, "Error: order not found"));
        }
        if (!status(found.get()).equals(status)) {
            return new OrderCheck(null, error(db, wrongStatus));
        }
        return new OrderCheck(found.get(), null);
    }

    /** The items to replace, their replacements and the price difference, or the reference's refusal. */
    private record Replacement(List<String> itemIds, List<String> newItemIds, Priced priced, ToolResult refusal) {
    }

    /** The checks that modifying and exchanging items share, in the reference's order. */
    private static Replacement replacement(RetailDatabase db, ObjectNode original, ToolArgs args) {
        List<String> itemIds = args.countedStrings("item_ids");
        Optional<String> missing = missingItem(original, itemIds);
        if (missing.isPresent()) {
            return new Replacement(itemIds, List.of(), null, error(db, "Error: " + ToolArgs.str(missing.get()) + " not found"));
        }
        if (!args.raw("new_item_ids").isContainerNode() && !args.raw("new_item_ids").isTextual()) {
            // the reference first takes len(new_item_ids)
            throw new ToolError("object of type '" + args.typeName("new_item_ids") + "' has no len()");
        }
        List<String> newItemIds = args.strings("new_item_ids");
        if (itemIds.size() != newItemIds.size()) {
            return new Replacement(itemIds, newItemIds, null,
                    error(db, "Error: the number of items to be exchanged should match"));
        }
        Priced priced = priceDifference(db, original, itemIds, newItemIds);
        return new Replacement(itemIds, newItemIds, priced, priced.error != null ? error(db, priced.error) : null);
    }

    private static ToolResult error(RetailDatabase db, String message) {
        return new ToolResult(message, db);
    }
}
