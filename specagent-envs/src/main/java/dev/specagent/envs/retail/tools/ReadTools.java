package dev.specagent.envs.retail.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.SideEffect;
import dev.specagent.envs.retail.db.RecordTable;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.json.PyEquality;
import dev.specagent.envs.retail.json.PyJson;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The six read-only retail tools: user look-ups and the user, order, product and product-type views. */
final class ReadTools {

    private ReadTools() {
    }

    static List<RetailTool> all() {
        return List.of(
                new SimpleTool("find_user_id_by_email", "FindUserIdByEmail", List.of("email"), SideEffect.READ_ONLY,
                        ReadTools::findByEmail),
                new SimpleTool("find_user_id_by_name_zip", "FindUserIdByNameZip",
                        List.of("first_name", "last_name", "zip"), SideEffect.READ_ONLY, ReadTools::findByNameZip),
                new SimpleTool("get_user_details", "GetUserDetails", List.of("user_id"), SideEffect.READ_ONLY,
                        (db, a) -> show(db, db.users(), a.key("user_id"), "Error: user not found")),
                new SimpleTool("get_order_details", "GetOrderDetails", List.of("order_id"), SideEffect.READ_ONLY,
                        (db, a) -> show(db, db.orders(), a.key("order_id"), "Error: order not found")),
                new SimpleTool("get_product_details", "GetProductDetails", List.of("product_id"),
                        SideEffect.READ_ONLY,
                        (db, a) -> show(db, db.products(), a.key("product_id"), "Error: product not found")),
                new SimpleTool("list_all_product_types", "ListAllProductTypes", List.of(), SideEffect.READ_ONLY,
                        ReadTools::listProductTypes));
    }

    private static ToolResult show(RetailDatabase db, RecordTable table, String key, String notFound) {
        return new ToolResult(table.get(key).map(PyJson::dumps).orElse(notFound), db);
    }

    private static ToolResult findByEmail(RetailDatabase db, ToolArgs args) {
        String email = lower(args, "email");
        RecordTable users = db.users();
        for (int i = 0; i < users.size(); i++) {
            if (lowerEquals(users.at(i).path("email").asText(), email)) {
                return new ToolResult(users.keys().get(i), db);
            }
        }
        return new ToolResult("Error: user not found", db);
    }

    private static ToolResult findByNameZip(RetailDatabase db, ToolArgs args) {
        RecordTable users = db.users();
        String first = users.size() > 0 ? lower(args, "first_name") : null;
        String last = null; // lowered when a first name matches, as Python's `and` evaluates it only then
        JsonNode zip = args.raw("zip");
        for (int i = 0; i < users.size(); i++) {
            ObjectNode user = users.at(i);
            if (!lowerEquals(user.path("name").path("first_name").asText(), first)) {
                continue;
            }
            if (last == null) {
                last = lower(args, "last_name");
            }
            if (lowerEquals(user.path("name").path("last_name").asText(), last)
                    && zipEquals(user, zip)) {
                return new ToolResult(users.keys().get(i), db);
            }
        }
        return new ToolResult("Error: user not found", db);
    }

    /** {@code profile["address"]["zip"] == zip}: a zip set by modify_user_address can be any JSON value. */
    private static boolean zipEquals(ObjectNode user, JsonNode zip) {
        JsonNode address = user.get("address");
        JsonNode stored = address == null ? null : address.get("zip");
        if (stored == null) {
            throw ToolError.keyError(address == null ? "address" : "zip");
        }
        return PyEquality.equal(stored, zip);
    }

    /** {@code a.lower() == lowered}, without allocating for the common ASCII case. */
    private static boolean lowerEquals(String a, String lowered) {
        if (a.length() == lowered.length() && isAscii(a) && isAscii(lowered)) {
            return a.equalsIgnoreCase(lowered);
        }
        return a.toLowerCase(Locale.ROOT).equals(lowered);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    /** {@code value.lower()}, which fails in Python for anything but a string. */
    private static String lower(ToolArgs args, String name) {
        if (!args.raw(name).isTextual()) {
            throw new ToolError("'" + args.typeName(name) + "' object has no attribute 'lower'");
        }
        return args.string(name).toLowerCase(Locale.ROOT);
    }

    private static ToolResult listProductTypes(RetailDatabase db, ToolArgs args) {
        Map<String, String> byName = new TreeMap<>();
        RecordTable products = db.products();
        for (int i = 0; i < products.size(); i++) {
            byName.put(products.at(i).path("name").asText(), products.at(i).path("product_id").asText());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        byName.forEach(out::put);
        return new ToolResult(PyJson.dumps(out), db);
    }
}
