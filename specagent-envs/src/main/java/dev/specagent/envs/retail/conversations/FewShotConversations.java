package dev.specagent.envs.retail.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.ByteOrderMark;
import dev.specagent.core.data.IoErrors;
import dev.specagent.core.data.JsonErrors;
import dev.specagent.envs.retail.db.RetailDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Rebuilds τ-bench's retail few-shot conversations ({@code few_shot_trajectories.jsonl}: one object per line whose
 * {@code messages_display} is the conversation as text, {@code "role: content"} per message, every tool call shown
 * only as {@code assistant: None} and its output) as OpenAI-format conversations for {@code predict-calls}: the
 * customer's and the agent's words as they are, and each tool call recovered from its output by
 * {@link RetailCallRecovery}. A call whose arguments the output does not determine is written with its likely
 * name and arguments that are not JSON, so a replay counts it as a miss and learns nothing from it.
 */
public final class FewShotConversations {

    /** The placeholder arguments of a call that could not be recovered, followed by the call's number. */
    public static final String NOT_SHOWN = "(not shown in the recording) #";

    private static final Pattern MESSAGE_START = Pattern.compile("\n(?=(?:user|assistant|tool): )");

    private FewShotConversations() {
    }

    /**
     * The rebuilt conversations and how many calls of each tool were recovered ({@code perTool}: name → {recovered,
     * all}).
     */
    public record Rebuilt(TrajectoryBuilder trajectories, Map<String, int[]> perTool) {
        /** All tool calls. */
        public int calls() {
            return perTool.values().stream().mapToInt(c -> c[1]).sum();
        }

        /** The tool calls whose arguments were recovered. */
        public int recovered() {
            return perTool.values().stream().mapToInt(c -> c[0]).sum();
        }
    }

    /**
     * Reads and rebuilds {@code file}, confirming each look-up's arguments on {@code database} (may be null: then
     * a look-up takes the customer's latest e-mail address or zip code).
     *
     * @throws IllegalArgumentException naming the file and line when a line is not an object with a text
     *                                  {@code messages_display}, or a message has no known role; naming the file when
     *                                  it holds no line at all
     */
    public static Rebuilt read(Path file, RetailDatabase database) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
        if (!lines.isEmpty()) {
            lines.set(0, ByteOrderMark.strip(lines.getFirst())); // an editor's, no part of the first line's JSON
        }
        if (lines.stream().allMatch(String::isBlank)) {
            throw new IllegalArgumentException(file + ": no conversation in it (empty), expected one JSON object a "
                    + "line with a text 'messages_display'");
        }
        TrajectoryBuilder out = new TrajectoryBuilder();
        Map<String, int[]> perTool = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            JsonNode line;
            try {
                line = CanonicalJson.MAPPER.readTree(lines.get(i));
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ": not valid JSON at " + JsonErrors.describe(e), e);
            }
            if (!line.path("messages_display").isTextual()) {
                throw new IllegalArgumentException(where + ": expected an object with a text 'messages_display'");
            }
            rebuild(line.get("messages_display").textValue(), out.begin(i, null), new RetailCallRecovery(database),
                    perTool, where);
        }
        return new Rebuilt(out, perTool);
    }

    private static void rebuild(String display, TrajectoryBuilder.Conversation conversation,
                                RetailCallRecovery recovery, Map<String, int[]> perTool, String where) {
        String[] messages = MESSAGE_START.split(display);
        for (int m = 0; m < messages.length; m++) {
            String message = messages[m];
            int colon = message.indexOf(": ");
            String role = colon < 0 ? "" : message.substring(0, colon);
            String content = colon < 0 ? "" : message.substring(colon + 2);
            switch (role) {
                case "user" -> {
                    recovery.userSaid(content);
                    conversation.user(content);
                }
                case "assistant" -> {
                    if (!content.equals("None")) {
                        conversation.assistant(content);
                    }
                }
                case "tool" -> {
                    RetailCallRecovery.Recovered call = recovery.recover(content);
                    int[] count = perTool.computeIfAbsent(call.name(), x -> new int[2]);
                    count[1]++;
                    if (call.arguments() == null) {
                        // numbered: two unknown argument lists are not known to be equal
                        conversation.call(call.name(), NOT_SHOWN + count[1], content);
                    } else {
                        count[0]++;
                        conversation.call(call.name(), call.arguments(), content);
                    }
                }
                default -> throw new IllegalArgumentException(where + ": message " + m
                        + " does not start with 'user: ', 'assistant: ' or 'tool: '");
            }
        }
    }
}
