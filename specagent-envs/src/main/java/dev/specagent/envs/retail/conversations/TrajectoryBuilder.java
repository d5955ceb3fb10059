package dev.specagent.envs.retail.conversations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;

/**
 * Builds conversations in τ-bench's {@code historical_trajectories} layout, the OpenAI chat format that
 * {@link ConversationReader} reads: a JSON array of {@code {task_id, reward, traj: [messages]}} in which each tool
 * call is an assistant message with one {@code tool_calls} entry followed by its tool message. Call ids are unique
 * across the whole array. Not thread-safe.
 */
public final class TrajectoryBuilder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ArrayNode conversations = NODES.arrayNode();
    private int calls;

    /** Starts a conversation; {@code reward} may be null when the recording does not say. */
    public Conversation begin(int taskId, Double reward) {
        ObjectNode conversation = conversations.addObject();
        conversation.put("task_id", taskId);
        if (reward == null) {
            conversation.putNull("reward");
        } else {
            conversation.put("reward", reward);
        }
        return new Conversation(conversation.putArray("traj"));
    }

    /** The conversations built so far, as JSON text. */
    public String toJson() {
        return json(conversations);
    }

    /** {@code node} as JSON text, keys in their order. */
    private static String json(JsonNode node) {
        try {
            return CanonicalJson.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** How many conversations were begun. */
    public int size() {
        return conversations.size();
    }

    /** One conversation's messages, appended in order. */
    public final class Conversation {

        private final ArrayNode traj;

        private Conversation(ArrayNode traj) {
            this.traj = traj;
        }

        /** Appends a user message. */
        public Conversation user(String text) {
            traj.addObject().put("role", "user").put("content", text);
            return this;
        }

        /** Appends an assistant message without a tool call. */
        public Conversation assistant(String text) {
            traj.addObject().put("role", "assistant").put("content", text);
            return this;
        }

        /**
         * Appends an assistant message calling {@code name} with {@code arguments} (the JSON text the model wrote,
         * which need not parse) and the tool message with {@code output}.
         */
        public Conversation call(String name, String arguments, String output) {
            String id = "call_" + calls++;
            ObjectNode assistant = traj.addObject().put("role", "assistant");
            assistant.putNull("content");
            ObjectNode toolCall = assistant.putArray("tool_calls").addObject().put("id", id).put("type", "function");
            toolCall.putObject("function").put("name", name).put("arguments", arguments);
            traj.addObject().put("role", "tool").put("tool_call_id", id).put("name", name).put("content", output);
            return this;
        }

        /** As {@link #call(String, String, String)} with arguments given as a JSON object. */
        public Conversation call(String name, ObjectNode arguments, String output) {
            return call(name, json(arguments), output);
        }
    }
}
