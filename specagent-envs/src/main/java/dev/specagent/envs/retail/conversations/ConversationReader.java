package dev.specagent.envs.retail.conversations;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.IoErrors;
import dev.specagent.core.data.JsonErrors;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import dev.specagent.envs.retail.speculate.Transcript;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads recorded agent conversations in the OpenAI chat format, any domain: either τ-bench's
 * {@code historical_trajectories} layout (a JSON array of {@code {task_id, reward, traj: [messages]}}) or
 * JSON values one after another, one conversation each (an object with {@code traj} or {@code messages}, or a bare
 * array of messages): JSONL, one a line, or spread over lines as {@code jq} prints them. Assistant messages carry
 * {@code tool_calls} ({@code function.name}, {@code function.arguments}
 * as a JSON string or object) or the legacy {@code function_call} (read when {@code tool_calls} is absent, null or
 * empty); a call's output is the first tool message
 * after it, and before the next assistant message, with the call's {@code tool_call_id} not taken by an
 * earlier call (recorded models do reuse ids), or, when none has it, the first unclaimed one there without an
 * id. Each conversation becomes a {@link Transcript} whose call entries stand where the assistant made the
 * calls, with their outputs attached and the message's index as their turn; an assistant message's own text
 * comes after its calls (it was written with them, so it is not known before them).
 *
 * <p>The file may be in any encoding JSON allows (UTF-8, with or without a byte order mark, or UTF-16 or UTF-32 with
 * one, as Windows PowerShell's {@code >} writes), its lines may end in {@code \n}, {@code \r\n} or {@code \r}, it may
 * be compressed with gzip ({@code .jsonl.gz}), and it is read value by value, never whole as text. A message's
 * {@code role} must be one of system, developer, user, assistant, tool or function, its {@code content} a string, an
 * array of content parts (objects, whose {@code text}, when present, is a string, and none a call or its output in
 * another format: Anthropic's {@code tool_use} and {@code tool_result}, the Responses API's {@code function_call} and
 * {@code function_call_output}) or null, a legacy
 * {@code function_call} an object or null, and every tool message must answer a call: anything else is an error naming
 * the message, since reading past it would silently drop words or outputs that the calls after it were chosen with.
 */
public final class ConversationReader {

    /** The roles of the OpenAI chat format ({@code developer} is the newer name of {@code system}). */
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant",
            "tool", "function");
    private static final String ROLES_TEXT = "system, developer, user, assistant, tool or function";
    /** Content parts that hold a call or its output: Anthropic's messages, OpenAI's Responses API. */
    private static final Set<String> CALL_PARTS = Set.of("tool_use", "tool_result", "function_call",
            "function_call_output");

    /** Reads one value of several: the shared mapper refuses text after the value, here the next value. */
    private static final ObjectReader VALUES = CanonicalJson.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ConversationReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException naming the file, line or conversation, message and field when malformed
     */
    public static List<Transcript> read(Path file) {
        return read(file, problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /**
     * Reads {@code file}, keeping a tool call whose {@code function.arguments} is not a JSON object (a model's
     * malformed output, which real recordings contain) as an {@link ToolCallRecord#unparsed unparsed} call and
     * reporting it to {@code malformedArguments} with its place; every other defect still throws.
     *
     * @throws IllegalArgumentException naming the file, line or conversation, message and field when malformed
     */
    public static List<Transcript> read(Path file, Consumer<String> malformedArguments) {
        try (InputStream in = open(file); JsonParser parser = CanonicalJson.MAPPER.createParser(in)) {
            if (!advance(parser, file)) {
                throw new IllegalArgumentException(file + ": empty file, expected conversations");
            }
            Value first = value(parser, file);
            boolean more = advance(parser, file);
            List<Transcript> out = new ArrayList<>();
            if (first.node().isArray() && !more) { // one document: τ-bench's array of conversations, or one conversation
                JsonNode root = first.node();
                if (root.size() > 0 && root.get(0).has("role")) {
                    out.add(conversation(root, file + ": conversation 0", malformedArguments));
                } else {
                    for (int i = 0; i < root.size(); i++) {
                        String where = file + ": conversation " + i;
                        out.add(conversation(messages(root.get(i), where), where, malformedArguments));
                    }
                }
                return out;
            }
            out.add(conversation(messages(first.node(), first.where()), first.where(), malformedArguments));
            while (more) { // one conversation a value
                Value value = value(parser, file);
                out.add(conversation(messages(value.node(), value.where()), value.where(), malformedArguments));
                more = advance(parser, file);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /** The bytes of {@code file}, decompressed when it is gzip's ({@code .jsonl.gz}, as data sets are shipped). */
    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        try {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            return gzip ? new BufferedInputStream(new GZIPInputStream(in)) : in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** A top-level JSON value of the file and where it starts ({@code file:line}). */
    private record Value(JsonNode node, String where) {
    }

    /**
     * Moves {@code parser} to the first token of the next top-level value: false after the last. Values are read one
     * after another wherever their lines break: one a line as in JSONL, or spread over many as {@code jq} prints them,
     * the lines ending in {@code \n}, {@code \r\n} or {@code \r}.
     */
    private static boolean advance(JsonParser parser, Path file) throws IOException {
        try {
            return parser.nextToken() != null;
        } catch (JsonProcessingException e) {
            throw notJson(file + ":" + line(e), e);
        }
    }

    /** The value whose first token {@code parser} is at, named by the line it starts on. */
    private static Value value(JsonParser parser, Path file) throws IOException {
        String where = file + ":" + parser.currentTokenLocation().getLineNr();
        try {
            return new Value(VALUES.readTree(parser), where);
        } catch (JsonProcessingException e) {
            throw notJson(where, e);
        }
    }

    /**
     * Why the text at {@code where} is no JSON, by line and column. Bytes that are no UTF-8 are named by the parser
     * ("Invalid UTF-8 middle byte 0x28"); not said to be no UTF-8 here, as the parser says so of a valid character
     * where no JSON token may start too.
     */
    private static IllegalArgumentException notJson(String where, JsonProcessingException e) {
        return new IllegalArgumentException(where + ": not valid JSON at " + JsonErrors.describe(e), e);
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
    }

    private static JsonNode parse(String json, String where) {
        try {
            return CanonicalJson.MAPPER.readTree(json); // text after the first value is an error, not silently dropped
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON at " + JsonErrors.describe(e), e);
        }
    }

    private static JsonNode messages(JsonNode conversation, String where) {
        if (conversation.isArray()) {
            return conversation;
        }
        for (String field : new String[] {"traj", "messages", "trajectory"}) {
            if (conversation.path(field).isArray()) {
                return conversation.get(field);
            }
        }
        throw new IllegalArgumentException(where + ": expected a message array or an object with 'traj' or 'messages'");
    }

    /** One conversation's transcript. */
    static Transcript conversation(JsonNode messages, String where, Consumer<String> malformedArguments) {
        if (!messages.isArray()) {
            throw new IllegalArgumentException(where + ": messages must be an array");
        }
        ToolOutputs outputs = ToolOutputs.of(messages, where);
        Transcript t = Transcript.empty();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String at = where + ", message " + i;
            if (!m.isObject() || !m.path("role").isTextual()) {
                throw new IllegalArgumentException(at + ": a message needs a string 'role'");
            }
            String role = m.get("role").textValue();
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException(at + ": unknown role '" + role + "'; expected " + ROLES_TEXT);
            }
            String content = content(m, at);
            if (role.equals("tool") || role.equals("function")) {
                continue; // attached to its call
            }
            JsonNode calls = m.path("tool_calls");
            if (!calls.isMissingNode() && !calls.isNull() && !calls.isArray()) {
                throw new IllegalArgumentException(at + ": 'tool_calls' must be an array, got " + typeName(calls));
            }
            JsonNode legacy = m.path("function_call");
            if (!legacy.isMissingNode() && !legacy.isNull() && !legacy.isObject()) {
                throw new IllegalArgumentException(at + ": 'function_call' must be an object, got " + typeName(legacy));
            }
            if ((calls.isMissingNode() || calls.isNull() || calls.isEmpty()) && legacy.isObject()) { // the legacy format
                calls = JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode()
                        .set("function", m.get("function_call")));
            }
            if (!role.equals("assistant") || !calls.isArray() || calls.isEmpty()) {
                if (!content.isEmpty()) {
                    t = t.withMessage(role, content);
                }
                continue;
            }
            for (int j = 0; j < calls.size(); j++) {
                JsonNode c = calls.get(j);
                String cat = at + ", tool_calls[" + j + "]";
                JsonNode f = c.path("function");
                if (!f.path("name").isTextual()) {
                    throw new IllegalArgumentException(cat + ": missing 'function.name'");
                }
                String output = outputs.take(c.path("id").asText(null), i);
                String name = f.get("name").textValue();
                ToolCallRecord call;
                try {
                    call = new ToolCallRecord(name, arguments(f.path("arguments"), cat), output);
                } catch (IllegalArgumentException malformed) {
                    malformedArguments.accept(malformed.getMessage());
                    call = ToolCallRecord.unparsed(name, f.path("arguments").isTextual()
                            ? f.get("arguments").textValue() : f.path("arguments").toString(), output);
                }
                t = t.withCall(call, i);
            }
            if (!content.isEmpty()) {
                t = t.withMessage(role, content);
            }
        }
        int orphan = outputs.firstUnclaimed();
        if (orphan >= 0) {
            String id = messages.get(orphan).path("tool_call_id").asText("");
            throw new IllegalArgumentException(where + ", message " + orphan + ": a " + messages.get(orphan).get("role")
                    .textValue() + " message that answers no call: " + (id.isEmpty() ? "it has no 'tool_call_id' and"
                    : "its 'tool_call_id' '" + id + "'") + " matches no unanswered call of the assistant message before it");
        }
        return t;
    }

    private static String typeName(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** The conversation's tool messages, each claimed by at most one call, in message order. */
    private record ToolOutputs(List<Integer> positions, List<String> ids, List<String> contents, boolean[] taken,
                               List<Integer> assistants) {

        static ToolOutputs of(JsonNode messages, String where) {
            List<Integer> positions = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<String> contents = new ArrayList<>();
            List<Integer> assistants = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                JsonNode m = messages.get(i);
                String role = m.path("role").asText();
                if (role.equals("assistant")) {
                    assistants.add(i);
                }
                if (role.equals("tool") || role.equals("function")) {
                    positions.add(i);
                    ids.add(m.path("tool_call_id").isTextual() ? m.get("tool_call_id").textValue() : null);
                    contents.add(content(m, where + ", message " + i));
                }
            }
            return new ToolOutputs(positions, ids, contents, new boolean[positions.size()], assistants);
        }

        /**
         * Claims the output of the call with {@code id} (may be null) made in message {@code at}, among the tool
         * messages before the next assistant message (a later one answers a later call); null if none.
         */
        String take(String id, int at) {
            int limit = assistants.stream().filter(a -> a > at).findFirst().orElse(Integer.MAX_VALUE);
            int match = id == null ? -1 : first(id, at, limit);
            if (match < 0) {
                match = first(null, at, limit);
            }
            if (match < 0) {
                return null;
            }
            taken[match] = true;
            return contents.get(match);
        }

        /** The message index of the first tool message no call claimed, or -1. */
        int firstUnclaimed() {
            for (int k = 0; k < positions.size(); k++) {
                if (!taken[k]) {
                    return positions.get(k);
                }
            }
            return -1;
        }

        private int first(String id, int at, int limit) {
            for (int k = 0; k < positions.size(); k++) {
                if (!taken[k] && positions.get(k) > at && positions.get(k) < limit && Objects.equals(ids.get(k), id)) {
                    return k;
                }
            }
            return -1;
        }
    }

    private static ObjectNode arguments(JsonNode arguments, String where) {
        if (arguments.isMissingNode() || arguments.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode parsed = arguments;
        if (arguments.isTextual()) {
            String s = arguments.textValue().strip();
            parsed = s.isEmpty() ? JsonNodeFactory.instance.objectNode() : parse(s, where + ": 'function.arguments'");
        }
        if (!parsed.isObject()) {
            throw new IllegalArgumentException(where + ": 'function.arguments' must be a JSON object");
        }
        return (ObjectNode) parsed;
    }

    /** The text of message {@code m} at {@code at}: its string content or the text of its content parts. */
    private static String content(JsonNode m, String at) {
        JsonNode c = m.path("content");
        if (c.isTextual()) {
            return c.textValue();
        }
        if (c.isArray()) { // content parts; one without text (an image) adds none, one whose text cannot be read is an error
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < c.size(); i++) {
                JsonNode part = c.get(i);
                if (!part.isObject()) {
                    throw new IllegalArgumentException(at + ": 'content[" + i + "]' must be a content part object, got "
                            + typeName(part));
                }
                String type = part.path("type").asText("");
                if (CALL_PARTS.contains(type)) { // its call or output would be dropped unread, and counted as no call
                    throw new IllegalArgumentException(at + ": 'content[" + i + "]' is a '" + type + "' part, a call or "
                            + "its output in another format than OpenAI chat's; give calls as 'tool_calls' of the "
                            + "assistant message and outputs as 'tool' messages");
                }
                JsonNode text = part.path("text");
                if (!text.isMissingNode() && !text.isNull() && !text.isTextual()) {
                    throw new IllegalArgumentException(at + ": 'content[" + i + "].text' must be a string, got "
                            + typeName(text));
                }
                s.append(text.asText(""));
            }
            return s.toString();
        }
        if (!c.isMissingNode() && !c.isNull()) {
            throw new IllegalArgumentException(at + ": 'content' must be a string, an array of content parts or null, "
                    + "got " + typeName(c));
        }
        return "";
    }
}
