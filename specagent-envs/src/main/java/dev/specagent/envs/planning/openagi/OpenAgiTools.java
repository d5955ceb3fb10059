package dev.specagent.envs.planning.openagi;

import dev.specagent.core.planning.PlanSteps;
import dev.specagent.llm.agent.AnswerText;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The 15 OpenAGI tools a plan is made of, plus TERMINATE, and how to read a tool name in an answer. */
public final class OpenAgiTools {

    /** The 15 tools. */
    public static final List<String> NAMES = List.of("Image Denoising", "Image Deblurring", "Image Super-Resolution",
            "Colorization", "Image Classification", "Image Captioning", "Object Detection", "Visual Question Answering",
            "Text Summarization", "Machine Translation", "Sentiment Analysis", "Fill Mask", "Question Answering",
            "Text Generation", "Text-to-Image Generation");

    /** A Markdown code fence line: {@code ```} or {@code ~~~}, with an optional language. */
    private static final Pattern CODE_FENCE = Pattern.compile("(```|~~~)[\\w+-]*");
    /** An {@code Action:} or {@code Tool:} label at a line's start, also in Markdown emphasis ({@code **Tool:**}). */
    private static final Pattern TOOL_LABEL = Pattern.compile("(?i)[*_`\\s]*(action|tool)[*_`\\s]*:[*_\\s]*");
    /** A ReAct thought and its action on one line: {@code Thought: ... Action: <tool>}; group 1 is the tool. */
    private static final Pattern THOUGHT_THEN_ACTION = Pattern.compile(
            "(?i)[*_`\\s]*thought[*_`\\s]*:.*\\b(?:action|tool)[*_`\\s]*:[*_\\s]*(.*)");

    private OpenAgiTools() {
    }

    /**
     * The step an answer names: the last {@code <tool>…</tool>} tag's content if any, else the last line's text (or
     * the last {@code "Action:"}/{@code "Tool:"} line, or the line after such a label alone on its line, or what
     * follows the action label of a {@code "Thought: ... Action: <tool>"} line) after an optional {@code "Action:"},
     * {@code "Tool:"} or {@code "Step N:"} label, trimmed of quotes, Markdown emphasis, a final period and a gloss in
     * parentheses at its end (in any order); the lines of Markdown code fences are not read. Returned as written, so a
     * garbled name stays a mismatch under the exact matcher; empty when the answer is blank. Compatibility forms are
     * read as their plain forms (NFKC: a full-width colon or letter is the plain one, a no-break space a space). A
     * reasoning model's leading {@code <think>…</think>} block is not read ({@link AnswerText#withoutThinking}): the
     * tools it names are ones the model considered.
     */
    public static Optional<String> parseStep(String answer) {
        answer = AnswerText.withoutThinking(answer);
        if (answer == null || answer.isBlank()) {
            return Optional.empty();
        }
        answer = plain(answer);
        Matcher tag = Pattern.compile("<tool>(.*?)</tool>", Pattern.DOTALL)
                .matcher(answer);
        String tagged = null;
        while (tag.find()) {
            tagged = tag.group(1);
        }
        if (tagged != null) {
            answer = tagged;
        }
        List<String> lines = answer.strip().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !CODE_FENCE.matcher(l).matches()).toList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String line = lines.getLast();
        for (int i = 0; i < lines.size(); i++) {
            Matcher inline = THOUGHT_THEN_ACTION.matcher(lines.get(i));
            if (TOOL_LABEL.matcher(lines.get(i)).lookingAt()) {
                // a label alone on its line names the step on the next
                boolean bare = TOOL_LABEL.matcher(lines.get(i)).replaceFirst("").isBlank() && i + 1 < lines.size();
                line = bare ? lines.get(i + 1) : lines.get(i);
            } else if (inline.matches()) {
                line = inline.group(1);
            }
        }
        line = line.replaceFirst("(?i)^[*_`\\s]*(action|tool|next step|answer)[*_`\\s]*:[*_\\s]*", "")
                .replaceFirst("(?i)^step\\s*\\d+\\s*[:.-]\\s*", "")
                .replaceFirst("^(?:[-•*]|\\d+[.)])\\s+", "") // a list bullet or number, as in the prompt's list
                // a gloss such as "(the plan is complete)", also before a final period or closing emphasis
                .replaceFirst("\\s*\\([^()]*\\)[\"'`*.\\s]*$", "")
                .replaceAll("^[\"'`*\\s]+|[\"'`*.\\s]+$", "");
        if (line.equalsIgnoreCase(PlanSteps.TERMINATE)) {
            return Optional.of(PlanSteps.TERMINATE);
        }
        return line.isEmpty() ? Optional.empty() : Optional.of(line);
    }

    /**
     * The tool or TERMINATE that {@code step} spells, in its canonical spelling: letters and digits compared
     * without regard to case, spaces, hyphens or other punctuation ({@code "image super resolution"} is
     * {@code "Image Super-Resolution"}), full-width letters as plain ones (NFKC); empty when it is none of the 15 tools
     * nor TERMINATE.
     */
    public static Optional<String> known(String step) {
        return Optional.ofNullable(BY_KEY.get(key(step)));
    }

    private static final Map<String, String> BY_KEY = byKey();

    private static Map<String, String> byKey() {
        Map<String, String> map = new HashMap<>();
        for (String name : NAMES) {
            map.put(key(name), name);
        }
        map.put(key(PlanSteps.TERMINATE), PlanSteps.TERMINATE);
        return Map.copyOf(map);
    }

    private static String key(String step) {
        return step == null ? "" : plain(step).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** {@code text} with compatibility forms made plain (NFKC): full-width letters and colons, no-break spaces. */
    private static String plain(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

    /** The tool list as prompt text, one per line, TERMINATE last. */
    public static String promptList() {
        StringBuilder sb = new StringBuilder();
        for (String name : NAMES) {
            sb.append("- ").append(name).append('\n');
        }
        return sb.append("- ").append(PlanSteps.TERMINATE).append(" (the plan is complete)\n").toString();
    }
}
