package dev.specagent.envs.hotpotqa.record;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.clock.Clock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the recorded runs of {@code speculative-actions-runs/} (naimengye/speculative-action,
 * {@code hotpotqa/run_metrics/}): {@code agent_<actor>_top<k>/trajs_<speculator>/<index>/} with
 * {@code normalobs.json}, {@code simobs.json} and {@code metrics.json}, any of which may be missing.
 * A malformed file (a {@code metrics.json} rate outside [0, 1] among others) fails with a
 * {@link RecordFormatException} naming the file and the field.
 */
public final class RecordedRunReader {

    private static final Pattern AGENT = Pattern.compile("agent_(.+)_top(\\d+)");
    private static final Pattern TRAJS = Pattern.compile("trajs_(.+)");

    private RecordedRunReader() {
    }

    /** Every question folder under {@code root}, sorted by configuration then question index. */
    public static List<RecordedRun> readAll(Path root) {
        if (!Files.isDirectory(root)) {
            throw new RecordFormatException(root + ": not a directory of recorded runs");
        }
        List<RecordedRun> out = new ArrayList<>();
        for (Path agentDir : list(root)) {
            Matcher a = AGENT.matcher(agentDir.getFileName().toString());
            if (!Files.isDirectory(agentDir) || !a.matches()) {
                continue;
            }
            for (Path trajsDir : list(agentDir)) {
                Matcher t = TRAJS.matcher(trajsDir.getFileName().toString());
                if (!Files.isDirectory(trajsDir) || !t.matches()) {
                    continue;
                }
                int topK = topK(agentDir, a.group(2));
                for (Path q : list(trajsDir)) {
                    if (Files.isDirectory(q)) {
                        out.add(read(q, a.group(1), topK, t.group(1)));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new RecordFormatException(root + ": no agent_<actor>_top<k>/trajs_<speculator>/<index>/ folders");
        }
        out.sort(Comparator.comparing(RecordedRun::configuration)
                .thenComparing(r -> indexOrder(r.questionIndex())).thenComparing(RecordedRun::questionIndex));
        return out;
    }

    /** The k of {@code agent_<actor>_top<k>}, at least 1. */
    private static int topK(Path agentDir, String digits) {
        try {
            int k = Integer.parseInt(digits);
            if (k >= 1) {
                return k;
            }
        } catch (NumberFormatException e) {
            // too many digits: reported below
        }
        throw new RecordFormatException(agentDir + ": top-k '" + digits + "' in the folder name must be a number from 1 to "
                + Integer.MAX_VALUE);
    }

    private static long indexOrder(String index) {
        try {
            return Long.parseLong(index);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** One question folder. */
    public static RecordedRun read(Path folder, String actor, int topK, String speculator) {
        Optional<JsonNode> normalJson = readJson(folder.resolve("normalobs.json"));
        Optional<JsonNode> simJson = readJson(folder.resolve("simobs.json"));
        Optional<JsonNode> metricsJson = readJson(folder.resolve("metrics.json"));
        Optional<RecordedTrajectory> normal = normalJson.map(j -> trajectory(folder.resolve("normalobs.json"), j));
        Optional<RecordedTrajectory> sim = simJson.map(j -> trajectory(folder.resolve("simobs.json"), j));
        Optional<Map<String, Double>> metrics = metricsJson.map(j -> metrics(folder.resolve("metrics.json"), j));
        String question = normalJson.or(() -> simJson).map(j -> questionOf(j.path("prompt").asText(""))).orElse("");
        return new RecordedRun(folder, actor, topK, speculator, folder.getFileName().toString(), question, normal, sim,
                metrics);
    }

    /** The question of the last {@code Question: ...} line of a recorded prompt, verbatim. */
    static String questionOf(String prompt) {
        int at = prompt.lastIndexOf("Question: ");
        if (at < 0) {
            return "";
        }
        String rest = prompt.substring(at + "Question: ".length());
        int nl = rest.indexOf('\n');
        return nl < 0 ? rest : rest.substring(0, nl); // verbatim: some questions end with a blank
    }

    private static RecordedTrajectory trajectory(Path file, JsonNode root) {
        if (!root.isObject()) {
            throw new RecordFormatException(file + ": not a JSON object");
        }
        // the question is found by the prompt's text: a number there left the recorded answer silently unscored
        JsonNode prompt = root.get("prompt");
        if (prompt != null && !prompt.isTextual()) {
            throw new RecordFormatException(file + ": field prompt is not a string");
        }
        // some recorded thoughts are null (read as "null": only the replay's script shows them); an observation is
        // served as a page or compared as text, so it must be one
        List<String> thoughts = strings(file, root, "thoughts", false);
        List<String> observations = strings(file, root, "observations", true);
        JsonNode actionsNode = field(file, root, "actions");
        List<List<String>> actions = new ArrayList<>();
        for (int i = 0; i < actionsNode.size(); i++) {
            JsonNode a = actionsNode.get(i);
            if (a.isTextual()) {
                actions.add(List.of(a.textValue()));
            } else if (a.isArray()) {
                List<String> options = new ArrayList<>();
                for (int j = 0; j < a.size(); j++) {
                    if (!a.get(j).isTextual()) {
                        throw new RecordFormatException(file + ": field actions[" + i + "][" + j + "] is not a string");
                    }
                    options.add(a.get(j).textValue());
                }
                // a simulated step may have drafted nothing (the reference scores it 0); a real step took an action
                if (options.isEmpty() && file.getFileName().toString().equals("normalobs.json")) {
                    throw new RecordFormatException(file + ": field actions[" + i + "] is an empty list: the real run "
                            + "took an action at every step");
                }
                actions.add(options);
            } else {
                throw new RecordFormatException(file + ": field actions[" + i + "] is neither a string nor a list");
            }
        }
        JsonNode timeNode = field(file, root, "time_taken");
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < timeNode.size(); i++) {
            if (!timeNode.get(i).isNumber()) {
                throw new RecordFormatException(file + ": field time_taken[" + i + "] is not a number");
            }
            double s = timeNode.get(i).doubleValue();
            if (!(s >= 0 && s <= Clock.MAX_CALL_SECONDS)) {
                throw new RecordFormatException(file + ": field time_taken[" + i + "] must be seconds from 0 to "
                        + Clock.MAX_CALL_SECONDS + ", got " + s);
            }
            seconds.add(s);
        }
        // one thought, observation and time per action: the replay reads them by the action's index
        int n = actions.size();
        if (thoughts.size() != n || observations.size() != n || seconds.size() != n) {
            throw new RecordFormatException(file + ": fields thoughts, actions, observations and time_taken must be "
                    + "lists of one length, got " + thoughts.size() + ", " + n + ", " + observations.size() + " and "
                    + seconds.size());
        }
        return new RecordedTrajectory(thoughts, actions, observations, seconds);
    }

    private static Map<String, Double> metrics(Path file, JsonNode root) {
        if (!root.isObject()) {
            throw new RecordFormatException(file + ": not a JSON object");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            if (!e.getValue().isNumber()) {
                throw new RecordFormatException(file + ": field " + e.getKey() + " is not a number");
            }
            double rate = e.getValue().doubleValue();
            if (!(rate >= 0 && rate <= 1)) { // every field is a match rate: matched steps / steps
                throw new RecordFormatException(file + ": field " + e.getKey() + " must be a rate from 0 to 1, got "
                        + e.getValue().asText());
            }
            out.put(e.getKey(), rate);
        });
        return out;
    }

    private static JsonNode field(Path file, JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.isArray()) {
            throw new RecordFormatException(file + ": field " + name + " is missing or not a list");
        }
        return node;
    }

    private static List<String> strings(Path file, JsonNode root, String name, boolean textOnly) {
        JsonNode node = field(file, root, name);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            if (textOnly && !v.isTextual()) {
                throw new RecordFormatException(file + ": field " + name + "[" + i + "] is not a string");
            }
            out.add(v.isTextual() ? v.textValue() : v.toString());
        }
        return out;
    }

    private static Optional<JsonNode> readJson(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = CanonicalJson.MAPPER.readTree(file.toFile());
            if (root == null || root.isMissingNode()) {
                throw new RecordFormatException(file + ": empty file, expected a JSON object");
            }
            return Optional.of(root);
        } catch (IOException e) {
            throw RecordFormatException.malformed(file, e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
