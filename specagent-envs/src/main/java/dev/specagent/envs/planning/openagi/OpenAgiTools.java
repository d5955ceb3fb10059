package dev.specagent.envs.planning.openagi;

import dev.specagent.core.planning.PlanSteps;

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

    private OpenAgiTools() {
    }

    /**
     * The step an answer names: the last {@code <tool>…</tool>} tag's content if any, else the last
     * line's text (or the last {@code "Action:"}/{@code "Tool:"} line) after an optional {@code "Action:"}, {@code "Tool:"}
     * or {@code "Step N:"} label, trimmed of quotes and a final period. Returned as written, so a
     * garbled name stays a mismatch under the exact matcher; empty when the answer is blank.
     */
    public static Optional<String> parseStep(String answer) {
        if (answer == null || answer.isBlank()) {
            return Optional.empty();
        }
        Matcher tag = Pattern.compile("<tool>(.*?)</tool>", Pattern.DOTALL)
                .matcher(answer);
        String tagged = null;
        while (tag.find()) {
            tagged = tag.group(1);
        }
        if (tagged != null) {
            answer = tagged;
        }
        String[] lines = answer.strip().split("\\R");
        String line = lines[lines.length - 1].strip();
        for (String l : lines) {
            String lower = l.strip().toLowerCase(Locale.ROOT);
            if (lower.startsWith("action:") || lower.startsWith("tool:")) {
                line = l.strip();
            }
        }
        line = line.replaceFirst("(?i)^(action|tool|next step|answer)\\s*:\\s*", "")
                .replaceFirst("(?i)^step\\s*\\d+\\s*[:.-]\\s*", "")
                .replaceFirst("^(?:[-•*]|\\d+[.)])\\s+", "") // a list bullet or number, as in the prompt's list
                .replaceFirst("\\s*\\([^()]*\\)\\s*$", "") // a gloss such as "(the plan is complete)"
                .replaceAll("^[\"'`*\\s]+|[\"'`*.\\s]+$", "");
        if (line.equalsIgnoreCase(PlanSteps.TERMINATE)) {
            return Optional.of(PlanSteps.TERMINATE);
        }
        return line.isEmpty() ? Optional.empty() : Optional.of(line);
    }

    /**
     * The tool or TERMINATE that {@code step} spells, in its canonical spelling: letters and digits compared
     * without regard to case, spaces, hyphens or other punctuation ({@code "image super resolution"} is
     * {@code "Image Super-Resolution"}); empty when it is none of the 15 tools nor TERMINATE.
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
        return step == null ? "" : step.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
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
