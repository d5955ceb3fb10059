package dev.specagent.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.trace.RequestHash;
import dev.specagent.llm.trace.TraceEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * Why a request to {@code model} matched nothing, in words that follow "no response for this request": the
     * top-level fields in which it differs from the closest recorded request of its kind to that model (fewest
     * differing fields, the first in file order), or that the trace has no such request to that model.
     */
    String whyUnmatched(JsonNode body, String model, boolean embeddings) {
        ObjectNode asked = RequestHash.matched(body);
        List<String> closest = null;
        for (TraceEntry e : byModel.getOrDefault(model, List.of())) {
            if (e.embeddings() != embeddings) {
                continue;
            }
            ObjectNode recorded = RequestHash.matched(e.request());
            Set<String> fields = new TreeSet<>();
            asked.fieldNames().forEachRemaining(fields::add);
            recorded.fieldNames().forEachRemaining(fields::add);
            List<String> differing = new ArrayList<>();
            for (String f : fields) {
                JsonNode a = asked.get(f);
                JsonNode r = recorded.get(f);
                if (a == null || r == null || !CanonicalJson.equal(a, r)) {
                    differing.add(f);
                }
            }
            if (closest == null || differing.size() < closest.size()) {
                closest = differing;
            }
        }
        String kind = embeddings ? "embeddings" : "chat";
        return closest == null ? "the trace has no " + kind + " request to this model"
                : "it differs from the closest recorded " + kind + " request to this model in: "
                + String.join(", ", closest);
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
