package dev.specagent.envs.retail.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.tools.RetailTools;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers a retail tool call from its output alone, for recordings that show outputs but not calls. An order
 * shown for the first time, or unchanged, was read ({@code get_order_details}); an order that changed since it
 * was last shown was written, and the change names the write and its arguments (a new status with
 * {@code cancel_reason}, {@code return_items} or {@code exchange_items}; modified items, address or payment); a
 * product with variants was read by its id; the user's details were read by the user id found last, or written
 * when the address changed; a product-type index is {@code list_all_product_types}; a bare user id answers a
 * look-up by an e-mail address or by the name (from the id) and a zip code the customer gave, the latest one
 * whose look-up on the database (when given one) answers that id. Anything else (errors, {@code calculate},
 * {@code think}, transfers) keeps its most likely tool name but no arguments. One instance follows one
 * conversation; not thread-safe.
 */
final class RetailCallRecovery {

    /** A recovered call; {@code arguments} is null when the output does not determine them. */
    record Recovered(String name, ObjectNode arguments) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern USER_ID = Pattern.compile("[a-z]+(?:_[a-z]+)+_\\d+");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern ZIP = Pattern.compile("\\b\\d{5}\\b");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    private final RetailDatabase database;
    private final Map<String, JsonNode> ordersShown = new HashMap<>();
    private final StringBuilder userText = new StringBuilder();
    private JsonNode userShown;
    private String userId;

    /** Recovery that confirms look-ups on {@code database} (null: by the customer's latest words alone). */
    RetailCallRecovery(RetailDatabase database) {
        this.database = database;
    }

    /** Notes a customer message (the source of look-up arguments). */
    void userSaid(String text) {
        userText.append('\n').append(text);
    }

    /** The call that produced {@code output}, as far as the output and the conversation so far tell. */
    Recovered recover(String output) {
        String text = output.strip();
        JsonNode json = objectOrNull(text);
        if (json != null) {
            if (json.has("order_id") && json.has("status")) {
                return order(json);
            }
            if (json.has("product_id") && json.has("variants")) {
                return new Recovered("get_product_details",
                        CanonicalJson.object("product_id", json.get("product_id").asText()));
            }
            if (json.has("payment_methods")) {
                return user(json);
            }
            if (json.size() > 0 && allText(json)) {
                return new Recovered("list_all_product_types", NODES.objectNode());
            }
            return new Recovered("unknown", null);
        }
        if (USER_ID.matcher(text).matches()) {
            userId = text;
            return lookUp(text);
        }
        if (text.startsWith("Error:")) {
            return new Recovered(errorTool(text), null);
        }
        if (text.equals("Transfer successful")) {
            return new Recovered("transfer_to_human_agents", null);
        }
        if (NUMBER.matcher(text).matches()) {
            return new Recovered("calculate", null);
        }
        return new Recovered(text.isEmpty() ? "think" : "unknown", null);
    }

    private Recovered order(JsonNode order) {
        String id = order.get("order_id").asText();
        JsonNode before = ordersShown.put(id, order);
        if (userId == null && order.path("user_id").isTextual()) {
            userId = order.get("user_id").asText();
        }
        if (before == null || before.equals(order)) {
            return new Recovered("get_order_details", CanonicalJson.object("order_id", id));
        }
        String status = order.path("status").asText();
        boolean statusChanged = !status.equals(before.path("status").asText());
        if (statusChanged && status.equals("cancelled") && order.has("cancel_reason")) {
            return new Recovered("cancel_pending_order",
                    CanonicalJson.object("order_id", id, "reason", order.get("cancel_reason")));
        }
        if (statusChanged && status.equals("return requested")) {
            return new Recovered("return_delivered_order_items", CanonicalJson.object("order_id", id, "item_ids",
                    order.path("return_items"), "payment_method_id", order.path("return_payment_method_id")));
        }
        if (statusChanged && status.equals("exchange requested")) {
            return new Recovered("exchange_delivered_order_items", CanonicalJson.object("order_id", id, "item_ids",
                    order.path("exchange_items"), "new_item_ids", order.path("exchange_new_items"),
                    "payment_method_id", order.path("exchange_payment_method_id")));
        }
        if (statusChanged && status.equals("pending (item modified)")) {
            return modifiedItems(id, before, order);
        }
        if (!before.path("address").equals(order.path("address"))) {
            ObjectNode a = address(order.path("address"));
            a.put("order_id", id);
            return new Recovered("modify_pending_order_address", reordered(a, "order_id"));
        }
        if (!before.path("payment_history").equals(order.path("payment_history"))) {
            JsonNode method = lastPayment(order.path("payment_history"));
            return new Recovered("modify_pending_order_payment",
                    method == null ? null : CanonicalJson.object("order_id", id, "payment_method_id", method));
        }
        return new Recovered("get_order_details", CanonicalJson.object("order_id", id));
    }

    /**
     * Items that changed in place (their old and new ids, in the order's item order) and the method of the price
     * difference, which the tool appends to the payment history as a payment or a refund.
     */
    private static Recovered modifiedItems(String id, JsonNode before, JsonNode after) {
        ArrayNode oldIds = NODES.arrayNode();
        ArrayNode newIds = NODES.arrayNode();
        JsonNode oldItems = before.path("items");
        JsonNode newItems = after.path("items");
        if (oldItems.size() != newItems.size()) {
            return new Recovered("modify_pending_order_items", null);
        }
        for (int i = 0; i < oldItems.size(); i++) {
            JsonNode was = oldItems.get(i).path("item_id");
            JsonNode is = newItems.get(i).path("item_id");
            if (!was.equals(is)) {
                oldIds.add(was);
                newIds.add(is);
            }
        }
        JsonNode history = after.path("payment_history");
        JsonNode method = history.isEmpty() ? null : history.get(history.size() - 1).path("payment_method_id");
        if (oldIds.isEmpty() || method == null || !method.isTextual()) {
            return new Recovered("modify_pending_order_items", null);
        }
        return new Recovered("modify_pending_order_items",
                CanonicalJson.object("order_id", id, "item_ids", oldIds, "new_item_ids", newIds,
                        "payment_method_id", method));
    }

    private Recovered user(JsonNode user) {
        JsonNode before = userShown;
        userShown = user;
        if (userId == null) {
            return new Recovered("get_user_details", null);
        }
        if (before != null && !before.path("address").equals(user.path("address"))) {
            ObjectNode a = address(user.path("address"));
            a.put("user_id", userId);
            return new Recovered("modify_user_address", reordered(a, "user_id"));
        }
        return new Recovered("get_user_details", CanonicalJson.object("user_id", userId));
    }

    /**
     * A look-up answered with {@code id}: of the e-mail addresses and zip codes (with the name as the id spells
     * it, capitalised) the customer gave, the latest whose look-up on the database gives {@code id}; when none
     * does (or there is no database), the latest given.
     */
    private Recovered lookUp(String id) {
        String said = userText.toString();
        List<Place> places = new ArrayList<>();
        Matcher email = EMAIL.matcher(said);
        while (email.find()) {
            places.add(new Place(email.start(), new Recovered("find_user_id_by_email",
                    CanonicalJson.object("email", email.group()))));
        }
        String[] parts = id.split("_");
        Matcher zip = ZIP.matcher(said);
        while (parts.length == 3 && zip.find()) {
            places.add(new Place(zip.start(), new Recovered("find_user_id_by_name_zip", CanonicalJson.object(
                    "first_name", capitalised(parts[0]), "last_name", capitalised(parts[1]), "zip", zip.group()))));
        }
        places.sort(Comparator.comparingInt(Place::start).reversed());
        for (Place place : places) {
            Recovered call = place.call();
            if (database == null || RetailTools.execute(database, call.name(), call.arguments()).output().equals(id)) {
                return call;
            }
        }
        return places.isEmpty() ? new Recovered("find_user_id_by_name_zip", null) : places.getFirst().call();
    }

    /** A look-up the customer's words allow, and where in them it starts. */
    private record Place(int start, Recovered call) {
    }

    private String errorTool(String error) {
        String e = error.toLowerCase(Locale.ROOT);
        if (e.contains("user not found")) {
            String said = userText.toString();
            return lastMatch(EMAIL, said) > lastMatch(ZIP, said) ? "find_user_id_by_email" : "find_user_id_by_name_zip";
        }
        if (e.contains("order not found")) {
            return "get_order_details";
        }
        if (e.contains("product not found")) {
            return "get_product_details";
        }
        return "unknown";
    }

    private static int lastMatch(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int at = -1;
        while (m.find()) {
            at = m.start();
        }
        return at;
    }

    /** The address fields as the modify tools take them ({@code state}; older recordings say {@code province}). */
    private static ObjectNode address(JsonNode address) {
        ObjectNode a = NODES.objectNode();
        for (String field : new String[] {"address1", "address2", "city", "state", "country", "zip"}) {
            JsonNode v = address.path(field);
            if (field.equals("state") && v.isMissingNode()) {
                v = address.path("province");
            }
            a.set(field, v.isMissingNode() ? NODES.textNode("") : v);
        }
        return a;
    }

    /** {@code node} with {@code first} moved to the front (the tools' parameter order). */
    private static ObjectNode reordered(ObjectNode node, String first) {
        ObjectNode out = NODES.objectNode();
        out.set(first, node.get(first));
        node.fields().forEachRemaining(f -> {
            if (!f.getKey().equals(first)) {
                out.set(f.getKey(), f.getValue());
            }
        });
        return out;
    }

    /** The payment method of the last payment (not refund) of a history; null when there is none. */
    private static JsonNode lastPayment(JsonNode history) {
        JsonNode method = null;
        for (JsonNode h : history) {
            if ("payment".equals(h.path("transaction_type").asText()) && h.path("payment_method_id").isTextual()) {
                method = h.get("payment_method_id");
            }
        }
        return method;
    }

    private static boolean allText(JsonNode json) {
        for (JsonNode v : json) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String capitalised(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static JsonNode objectOrNull(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = CanonicalJson.MAPPER.readTree(text);
            return node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
