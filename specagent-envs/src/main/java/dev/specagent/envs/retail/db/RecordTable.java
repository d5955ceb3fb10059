package dev.specagent.envs.retail.db;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A persistent table of JSON records under a fixed, ordered set of keys: the users, orders or products
 * of the retail database. The retail tools change records but never add or remove one, so the key index
 * is built once and shared by every version; the records sit in 32-record chunks, and
 * {@link #with(String, ObjectNode)} copies only the chunk array's spine (at most 32 references) and the
 * one touched chunk. A table value is therefore O(1) to share and O(32) to change, and every older
 * version stays valid.
 *
 * <p>Records are Jackson trees and must never be mutated once stored: a writer edits a
 * {@link ObjectNode#deepCopy() deep copy} of the one record it changes and stores that. Iteration keeps
 * the insertion order of the source file (Python dict order), which the lookup tools depend on.
 * Immutable and thread-safe.
 */
public final class RecordTable {

    private static final int SHIFT = 5;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private final Map<String, Integer> index;
    private final List<String> keys;
    private final ObjectNode[][] chunks;

    private RecordTable(Map<String, Integer> index, List<String> keys, ObjectNode[][] chunks) {
        this.index = index;
        this.keys = keys;
        this.chunks = chunks;
    }

    /** A table holding {@code records} in their iteration order; the map is copied, its values are not. */
    public static RecordTable of(Map<String, ObjectNode> records) {
        Map<String, Integer> index = new HashMap<>(records.size() * 2);
        List<String> keys = new ArrayList<>(records.size());
        ObjectNode[][] chunks = new ObjectNode[(records.size() + MASK) >>> SHIFT][];
        int i = 0;
        for (Map.Entry<String, ObjectNode> e : records.entrySet()) {
            if (chunks[i >>> SHIFT] == null) {
                chunks[i >>> SHIFT] = new ObjectNode[Math.min(CHUNK, records.size() - (i & ~MASK))];
            }
            chunks[i >>> SHIFT][i & MASK] = e.getValue();
            index.put(e.getKey(), i);
            keys.add(e.getKey());
            i++;
        }
        return new RecordTable(Collections.unmodifiableMap(index), Collections.unmodifiableList(keys), chunks);
    }

    /** The record under {@code key}; callers must not mutate it. */
    public Optional<ObjectNode> get(String key) {
        Integer i = key == null ? null : index.get(key);
        return i == null ? Optional.empty() : Optional.of(chunks[i >>> SHIFT][i & MASK]);
    }

    /** The record at position {@code i} of the key order. */
    public ObjectNode at(int i) {
        return chunks[i >>> SHIFT][i & MASK];
    }

    /** The keys in their stored order (shared, unmodifiable). */
    public List<String> keys() {
        return keys;
    }

    public int size() {
        return keys.size();
    }

    /**
     * A new table with {@code record} under the existing {@code key}; this table is unchanged.
     *
     * @throws IllegalArgumentException when the key is not in the table (tools never add records)
     */
    public RecordTable with(String key, ObjectNode record) {
        Integer i = index.get(key);
        if (i == null) {
            throw new IllegalArgumentException("no record " + key + " to replace");
        }
        ObjectNode[][] spine = chunks.clone();
        ObjectNode[] chunk = spine[i >>> SHIFT].clone();
        chunk[i & MASK] = record;
        spine[i >>> SHIFT] = chunk;
        return new RecordTable(index, keys, spine);
    }
}
