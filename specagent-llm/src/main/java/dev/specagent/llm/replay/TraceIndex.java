package dev.specagent.llm.replay;

import dev.specagent.llm.trace.TraceEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the recorded answer of a request. By hash: the i-th request with hash H gets the i-th
 * replayable entry with hash H (the last one again once they are used up). With the
 * {@link ReplayServer.Fallback#ORDER ORDER} fallback, a request whose hash is unknown gets the first
 * replayable entry of the same model and kind (chat or embeddings), in file order, that has not been served
 * yet. Thread-safe.
 */
final class TraceIndex {

    private final Map<String, List<TraceEntry>> byHash = new HashMap<>();
    private final Map<String, Integer> hashUses = new HashMap<>();
    private final Map<String, List<TraceEntry>> byModel = new HashMap<>();
    private final Map<TraceEntry, Boolean> served = new IdentityHashMap<>();
    private final ReplayServer.Fallback fallback;
    private final int size;

    TraceIndex(List<TraceEntry> entries, ReplayServer.Fallback fallback) {
        this.fallback = fallback;
        int n = 0;
        for (TraceEntry e : entries) {
            if (!e.replayable()) {
                continue;
            }
            byHash.computeIfAbsent(e.requestHash(), h -> new ArrayList<>()).add(e);
            byModel.computeIfAbsent(e.model(), m -> new ArrayList<>()).add(e);
            n++;
        }
        this.size = n;
    }

    /** How many entries can be replayed. */
    int size() {
        return size;
    }

    /** The models of the replayable entries. */
    Set<String> models() {
        return byModel.keySet();
    }

    /** The entry that answers a request with {@code hash} to {@code model}, a chat or an {@code embeddings} one. */
    synchronized Optional<TraceEntry> match(String hash, String model, boolean embeddings) {
        List<TraceEntry> same = byHash.get(hash);
        if (same != null) {
            int use = hashUses.merge(hash, 1, Integer::sum) - 1;
            TraceEntry e = same.get(Math.min(use, same.size() - 1));
            served.put(e, Boolean.TRUE);
            return Optional.of(e);
        }
        if (fallback == ReplayServer.Fallback.ORDER) {
            for (TraceEntry e : byModel.getOrDefault(model, List.of())) {
                if (!served.containsKey(e) && e.embeddings() == embeddings) {
                    served.put(e, Boolean.TRUE);
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }
}
