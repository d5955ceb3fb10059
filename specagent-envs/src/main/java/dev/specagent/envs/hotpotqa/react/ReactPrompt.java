package dev.specagent.envs.hotpotqa.react;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.hotpotqa.corpus.HotpotDataset;
import dev.specagent.envs.hotpotqa.record.RecordFormatException;
import dev.specagent.envs.hotpotqa.tools.ReactAction;
import dev.specagent.llm.agent.AnswerText;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The prompts of the HotpotQA experiment. The few-shot prefix is the paper's own: the ReAct
 * instruction, the six {@code webthink_simple6} examples and the closing instruction, read from the
 * {@code prompt} of the recorded {@code normalobs.json} files (everything before the final {@code Question:}),
 * so nothing is copied into this project. The trajectory is then written as the reference writes it:
 * {@code Question: …}, and per step {@code Thought i / Action i / Observation i}.
 */
public final class ReactPrompt {

    private static final Pattern OBSERVATION = Pattern.compile("\\n\\s*Observation\\s*\\d*\\s*:");
    private static final Pattern ACTION_LABEL = Pattern.compile("Action\\s*\\d*\\s*:");
    private static final Pattern THOUGHT_LABEL = Pattern.compile("^Thought\\s*\\d*\\s*:");

    private final String prefix;

    public ReactPrompt(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** The paper's few-shot prefix, from the first recorded {@code normalobs.json} of the data directory. */
    public static ReactPrompt paper() {
        return fromRecordedRuns(DataDirectory.require(HotpotDataset.RUNS));
    }

    /**
     * The few-shot prefix used most often among the {@code normalobs.json} under {@code runs} (the
     * recorded runs used several variants, mostly of the closing instruction; the most frequent, 47 of 94, is
     * the reference code's {@code Now answer the question. …}), ties broken by file order.
     */
    public static ReactPrompt fromRecordedRuns(Path runs) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(runs, FileVisitOption.FOLLOW_LINKS)) { // as RecordedRunReader, which follows links
            files = walk.filter(p -> p.getFileName().toString().equals("normalobs.json")).sorted().toList();
        } catch (IOException e) {
            throw new RecordFormatException(runs + ": cannot list the recorded runs: " + e.getMessage());
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Path file : files) {
            counts.merge(fromRecordedRun(file).prefix(), 1, Integer::sum);
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> new ReactPrompt(e.getKey()))
                .orElseThrow(() -> new RecordFormatException(runs + ": no normalobs.json to take the prompt from"));
    }

    /** The few-shot prefix of one recorded {@code normalobs.json}: its prompt before the final {@code Question:}. */
    public static ReactPrompt fromRecordedRun(Path normalobs) {
        JsonNode root;
        try {
            root = CanonicalJson.MAPPER.readTree(normalobs.toFile());
        } catch (IOException e) {
            throw RecordFormatException.malformed(normalobs, e);
        }
        String prompt = root.path("prompt").asText("");
        int at = prompt.lastIndexOf("Question: ");
        if (at < 0 || prompt.indexOf("Question: ") == at) {
            throw new RecordFormatException(normalobs + ": field prompt holds no few-shot examples");
        }
        return new ReactPrompt(prompt.substring(0, at));
    }

    /** The few-shot prefix. */
    public String prefix() {
        return prefix;
    }

    /** The prompt up to and including the finished steps of {@code state}. */
    public String trajectory(ReactState state) {
        StringBuilder b = new StringBuilder(prefix).append("Question: ").append(state.question().question()).append('\n');
        List<ReactStep> steps = state.steps();
        for (int i = 0; i < steps.size(); i++) {
            appendStep(b, i + 1, steps.get(i));
        }
        return b.toString();
    }

    /** What the actor is asked for its next step. */
    public String actorPrompt(ReactState state) {
        int n = state.steps().size() + 1;
        return trajectory(state) + "Write Thought " + n + " and Action " + n + " (one of Search[entity], "
                + "Lookup[keyword], Finish[answer]) and nothing else.\nThought " + n + ":";
    }

    /**
     * What the drafter is asked: the trajectory with the pending search and its guessed observation,
     * then up to {@code k} candidates for the next action.
     */
    public String draftPrompt(ReactState state, String guessedObservation, int k) {
        if (state.pending() == null) {
            throw new IllegalArgumentException("a draft needs a pending action");
        }
        StringBuilder b = new StringBuilder(trajectory(state));
        int n = state.steps().size() + 1;
        appendStep(b, n, new ReactStep(state.pending().thought(), state.pending().action(), guessedObservation));
        b.append("Think very briefly about step ").append(n + 1).append(", then give exactly ").append(k)
                .append(k == 1 ? " candidate" : " candidates").append(" for Action ").append(n + 1)
                .append(", most likely first, on one line separated by commas, each written exactly as Search[...],"
                        + " Lookup[...] or Finish[...]. Example: Action ").append(n + 1)
                .append(": Search[Barack Obama], Lookup[born], Finish[Honolulu]");
        return b.toString();
    }

    /** What the LLM observation speculator is asked: a Wikipedia-style page about {@code entity}. */
    public static String guessPrompt(String entity) {
        return "Write the opening of the Wikipedia article about " + entity + ", in Wikipedia's style, as plain "
                + "sentences. If you are unsure, still write your best guess. No caveats, no headings, only the text.";
    }

    /** What the actor is told after its answer for step {@code step} was refused for {@code why}. */
    public static String correction(int step, String why) {
        return "Your answer was refused: " + why + ". Reply briefly with one line \"Thought " + step + ": ...\" and one line "
                + "\"Action " + step + ": ...\" whose action is Search[entity], Lookup[keyword] or Finish[answer].";
    }

    /**
     * Reads the actor's answer: the thought (before {@code Action n:}, without a leading
     * {@code Thought n:}) and the first action written after it. An answer without any action keeps
     * its text as an (invalid) action, which the environment answers with {@code Invalid action}. A reasoning model's
     * leading {@code <think>…</think>} block is not read ({@link AnswerText#withoutThinking}): the actions it names
     * are ones the model considered.
     */
    public static ThoughtAction parseActorAnswer(String text) {
        String t = text == null ? "" : AnswerText.withoutThinking(text).strip();
        Matcher observation = OBSERVATION.matcher(t);
        if (observation.find()) {
            t = t.substring(0, observation.start());
        }
        Matcher action = ACTION_LABEL.matcher(t);
        boolean labelled = action.find();
        String thought = (labelled ? t.substring(0, action.start()) : t).strip();
        thought = THOUGHT_LABEL.matcher(thought).replaceFirst("").strip();
        String actionPart = labelled ? t.substring(action.end()) : t;
        Optional<ReactAction> first = ReactAction.find(actionPart);
        return new ThoughtAction(thought, first.map(ReactAction::toString).orElse(actionPart.strip()));
    }

    private static void appendStep(StringBuilder b, int i, ReactStep step) {
        b.append("Thought ").append(i).append(": ").append(step.thought()).append('\n')
                .append("Action ").append(i).append(": ").append(step.action()).append('\n')
                .append("Observation ").append(i).append(": ").append(step.observation()).append('\n');
    }
}
