package dev.specagent.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.trace.TraceEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chunks a replayed stream sends and when (milliseconds from the request's arrival). A recorded
 * stream is sent as recorded; an entry recorded without streaming is cut into chunks the way servers
 * stream: a role chunk, reasoning, content and refusal pieces (a word with its leading space each), each tool
 * call's header then its arguments in 8-character pieces, a finish chunk, and, when the request asked
 * for it, a usage chunk with empty choices. Pieces are spread evenly from the first-token time to the
 * total time.
 */
final class ChunkPlan {

    private static final Pattern PIECE = Pattern.compile("\\s*\\S+|\\s+");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ChunkPlan() {
    }

    static List<TraceEntry.Chunk> of(TraceEntry entry, boolean includeUsage) {
        if (!entry.chunks().isEmpty()) {
            return recorded(entry, includeUsage);
        }
        return synthesized(entry, includeUsage);
    }

    /**
     * The chunks {@code x-replay-fault: truncated} sends of {@code plan}: its first half (one chunk at least), but
     * never a chunk with a finish reason or any after it, so that the stream ends without a finish reason or
     * {@code [DONE]} as that fault promises; none for a plan that has only a finish chunk, or no chunk at all.
     */
    static List<TraceEntry.Chunk> truncated(List<TraceEntry.Chunk> plan) {
        int unfinished = 0;
        while (unfinished < plan.size() && !finishes(plan.get(unfinished))) {
            unfinished++;
        }
        return plan.subList(0, Math.min(unfinished, Math.max(1, plan.size() / 2)));
    }

    private static boolean finishes(TraceEntry.Chunk chunk) {
        for (JsonNode choice : chunk.data().path("choices")) {
            if (choice.hasNonNull("finish_reason")) {
                return true;
            }
        }
        return false;
    }

    private static List<TraceEntry.Chunk> recorded(TraceEntry entry, boolean includeUsage) {
        List<TraceEntry.Chunk> out = new ArrayList<>();
        boolean hasUsage = false;
        double last = 0;
        for (TraceEntry.Chunk c : entry.chunks()) {
            boolean usageOnly = c.data().path("choices").isEmpty() && c.data().hasNonNull("usage");
            if (usageOnly && !includeUsage) {
                continue;
            }
            hasUsage |= c.data().hasNonNull("usage");
            out.add(c);
            last = Math.max(last, c.ms());
        }
        if (includeUsage && !hasUsage && entry.response().hasNonNull("usage")) {
            out.add(new TraceEntry.Chunk(last, usageChunk(entry.response())));
        }
        return out;
    }

    private static List<TraceEntry.Chunk> synthesized(TraceEntry entry, boolean includeUsage) {
        JsonNode response = entry.response();
        JsonNode choice = response.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<ObjectNode> deltas = new ArrayList<>();
        ObjectNode role = JSON.objectNode();
        role.put("role", "assistant");
        role.put("content", "");
        deltas.add(role);
        for (String piece : pieces(WireFormat.reasoning(message))) {
            deltas.add(JSON.objectNode().put("reasoning_content", piece));
        }
        for (String piece : pieces(WireFormat.text(message.get("content")))) {
            deltas.add(JSON.objectNode().put("content", piece));
        }
        for (String piece : pieces(message.path("refusal").isTextual() ? message.get("refusal").asText() : "")) {
            deltas.add(JSON.objectNode().put("refusal", piece));
        }
        int index = 0;
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode head = JSON.objectNode();
            ObjectNode callDelta = head.putArray("tool_calls").addObject();
            callDelta.put("index", index);
            callDelta.put("id", call.path("id").asText(""));
            callDelta.put("type", "function");
            callDelta.putObject("function").put("name", call.path("function").path("name").asText(""))
                    .put("arguments", "");
            deltas.add(head);
            String args = WireFormat.argumentsText(call.path("function"));
            for (int i = 0; i < args.length(); ) {
                // eight code points a piece: a surrogate pair split in two would reach the client as "??"
                int end = args.offsetByCodePoints(i, Math.min(8, args.codePointCount(i, args.length())));
                ObjectNode part = JSON.objectNode();
                ObjectNode d = part.putArray("tool_calls").addObject();
                d.put("index", index);
                d.putObject("function").put("arguments", args.substring(i, end));
                deltas.add(part);
                i = end;
            }
            index++;
        }
        double first = Math.max(0, entry.firstTokenMs());
        double total = Math.max(first, entry.totalMs());
        int n = deltas.size();
        List<TraceEntry.Chunk> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double at = n == 1 ? first : first + (total - first) * i / (n - 1);
            out.add(new TraceEntry.Chunk(at, chunk(response, deltas.get(i), null)));
        }
        String finish = choice.hasNonNull("finish_reason") ? choice.get("finish_reason").asText()
                : index > 0 ? "tool_calls" : "stop";
        out.add(new TraceEntry.Chunk(total, chunk(response, JSON.objectNode(), finish)));
        if (includeUsage && response.hasNonNull("usage")) {
            out.add(new TraceEntry.Chunk(total, usageChunk(response)));
        }
        return out;
    }

    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PIECE.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static ObjectNode chunk(JsonNode response, ObjectNode delta, String finish) {
        ObjectNode out = header(response);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return out;
    }

    private static ObjectNode usageChunk(JsonNode response) {
        ObjectNode out = header(response);
        out.putArray("choices");
        out.set("usage", response.get("usage"));
        return out;
    }

    private static ObjectNode header(JsonNode response) {
        ObjectNode out = JSON.objectNode();
        out.put("id", response.path("id").asText("chatcmpl-replay"));
        out.put("object", "chat.completion.chunk");
        out.put("created", response.path("created").asLong(0));
        out.put("model", response.path("model").asText(""));
        return out;
    }
}
