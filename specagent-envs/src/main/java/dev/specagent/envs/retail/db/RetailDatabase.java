package dev.specagent.envs.retail.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.JsonErrors;
import dev.specagent.envs.retail.json.PyJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The τ-bench retail database as an immutable value: users, orders and products, each a persistent
 * {@link RecordTable}. A write returns a new database that shares every untouched record with this one,
 * so keeping a version (a fork, a snapshot) costs nothing and a write copies one record and a chunk spine.
 * Immutable and thread-safe; use it as the state of a
 * {@link dev.specagent.core.sandbox.SnapshotSandbox SnapshotSandbox}.
 */
public final class RetailDatabase {

    private final RecordTable users;
    private final RecordTable orders;
    private final RecordTable products;

    public RetailDatabase(RecordTable users, RecordTable orders, RecordTable products) {
        this.users = Objects.requireNonNull(users, "users");
        this.orders = Objects.requireNonNull(orders, "orders");
        this.products = Objects.requireNonNull(products, "products");
    }

    /**
     * Loads {@code users.json}, {@code orders.json} and {@code products.json} from {@code folder}.
     *
     * @throws IllegalArgumentException naming the file when one is missing, empty, or not a non-empty JSON object
     *                                  of objects, and the record and field when a field the tools rely on has
     *                                  another type ({@link RecordShapes})
     */
    public static RetailDatabase load(Path folder) {
        return new RetailDatabase(table(folder.resolve("users.json"), RecordShapes::user),
                table(folder.resolve("orders.json"), RecordShapes::order),
                table(folder.resolve("products.json"), RecordShapes::product));
    }

    private static RecordTable table(Path file, RecordShapes.Shape shape) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = CanonicalJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + JsonErrors.describe(e), e);
        }
        if (root == null || !root.isObject() || root.isEmpty()) { // no records: every lookup would fail as "not found"
            String got = root == null || root.isMissingNode() ? "empty file"
                    : root.isObject() ? "an empty object" : root.isArray() ? "an array" : root.toString();
            throw new IllegalArgumentException(file + ": expected a non-empty JSON object of records, got " + got);
        }
        Map<String, ObjectNode> records = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw new IllegalArgumentException(file + ": record " + e.getKey() + " is not a JSON object");
            }
            shape.check(file, e.getKey(), e.getValue());
            records.put(e.getKey(), (ObjectNode) e.getValue());
        }
        return RecordTable.of(records);
    }

    public RecordTable users() {
        return users;
    }

    public RecordTable orders() {
        return orders;
    }

    public RecordTable products() {
        return products;
    }

    /** This database with the user {@code id} replaced by {@code record} (a fresh copy, never a stored one). */
    public RetailDatabase withUser(String id, ObjectNode record) {
        return new RetailDatabase(users.with(id, record), orders, products);
    }

    /** This database with the order {@code id} replaced by {@code record}. */
    public RetailDatabase withOrder(String id, ObjectNode record) {
        return new RetailDatabase(users, orders.with(id, record), products);
    }

    /**
     * A SHA-256 of the whole content as Python would dump it (tables in order, records in key order), for
     * byte-identity checks between runs. Walks every record: O(size of the database).
     */
    public String contentHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RecordTable table : new RecordTable[] {users, orders, products}) {
                for (int i = 0; i < table.size(); i++) {
                    sha.update(table.keys().get(i).getBytes(StandardCharsets.UTF_8));
                    sha.update(PyJson.dumps(table.at(i)).getBytes(StandardCharsets.US_ASCII));
                    sha.update((byte) '\n');
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
