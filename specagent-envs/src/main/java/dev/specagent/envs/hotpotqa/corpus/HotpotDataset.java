package dev.specagent.envs.hotpotqa.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.hotpotqa.record.RecordFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HotpotQA files of the shared data directory: the 100 distractor questions with their context
 * paragraphs (the local Wikipedia) and the 7,405 simplified dev questions the recorded runs index.
 *
 * @param questions the distractor questions, ids {@code d0..d99}
 * @param pages     the distinct context paragraphs, one page per title (first occurrence kept)
 */
public record HotpotDataset(List<HotpotQuestion> questions, List<WikiPage> pages) {

    /** The distractor file's location in the data directory. */
    public static final String DISTRACTOR = "hotpotqa/hotpot_dev_distractor_v1.json";
    /** The simplified dev set's location in the data directory. */
    public static final String SIMPLIFIED = "hotpotqa/hotpot_dev_v1_simplified.json";
    /** The recorded runs' location in the data directory. */
    public static final String RUNS = "hotpotqa/speculative-actions-runs";

    public HotpotDataset {
        questions = List.copyOf(questions);
        pages = List.copyOf(pages);
    }

    /** Loads the distractor file from the data directory. */
    public static HotpotDataset loadDistractor() {
        return loadDistractor(DataDirectory.require(DISTRACTOR));
    }

    /** Loads a distractor-format file (context as {@code {title:[..], sentences:[[..]]}} or as {@code [[title, [..]]]}). */
    public static HotpotDataset loadDistractor(Path file) {
        JsonNode root = read(file);
        if (!root.isArray()) {
            throw new RecordFormatException(file + ": expected a JSON list of questions");
        }
        List<HotpotQuestion> questions = new ArrayList<>();
        Map<String, WikiPage> pages = new LinkedHashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode q = root.get(i);
            String where = file + ": question " + i;
            questions.add(new HotpotQuestion("d" + i, text(q, "question", where), text(q, "answer", where)));
            JsonNode context = q.get("context");
            if (context == null) {
                throw new RecordFormatException(where + ": field context is missing");
            }
            List<String> titles = new ArrayList<>();
            List<JsonNode> sentenceLists = new ArrayList<>();
            if (context.isObject()) {
                JsonNode t = context.path("title");
                JsonNode s = context.path("sentences");
                if (!t.isArray() || !s.isArray() || t.size() != s.size()) {
                    throw new RecordFormatException(where + ": field context.title/context.sentences are not lists "
                            + "of equal length");
                }
                t.forEach(n -> titles.add(title(n, where)));
                s.forEach(sentenceLists::add);
            } else if (context.isArray()) {
                for (JsonNode pair : context) {
                    if (!pair.isArray() || pair.size() != 2) {
                        throw new RecordFormatException(where + ": field context holds an entry that is not [title, sentences]");
                    }
                    titles.add(title(pair.get(0), where));
                    sentenceLists.add(pair.get(1));
                }
            } else {
                throw new RecordFormatException(where + ": field context is neither an object nor a list");
            }
            for (int p = 0; p < titles.size(); p++) {
                StringBuilder body = new StringBuilder();
                JsonNode sentences = sentenceLists.get(p);
                if (!sentences.isArray()) {
                    throw new RecordFormatException(where + ": field context, paragraph " + p + ": sentences are not a list");
                }
                for (JsonNode sentence : sentences) {
                    if (!sentence.isTextual()) {
                        throw new RecordFormatException(where + ": field context, paragraph " + p + ": a sentence is not a string");
                    }
                    body.append(sentence.textValue());
                }
                pages.putIfAbsent(titles.get(p), new WikiPage(titles.get(p), body.toString().strip(),
                        WikiPage.Source.DISTRACTOR));
            }
        }
        return new HotpotDataset(questions, new ArrayList<>(pages.values()));
    }

    /** The simplified dev set (question and answer only), ids = indexes as the recorded runs use them. */
    public static List<HotpotQuestion> loadSimplified(Path file) {
        JsonNode root = read(file);
        if (!root.isArray()) {
            throw new RecordFormatException(file + ": expected a JSON list of questions");
        }
        List<HotpotQuestion> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String where = file + ": question " + i;
            out.add(new HotpotQuestion(Integer.toString(i), text(root.get(i), "question", where),
                    text(root.get(i), "answer", where)));
        }
        return out;
    }

    private static String title(JsonNode title, String where) {
        if (!title.isTextual()) {
            throw new RecordFormatException(where + ": field context holds a title that is not a string: " + title);
        }
        return title.textValue();
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new RecordFormatException(where + ": field " + field + " is missing or not a string");
        }
        return v.textValue();
    }

    private static JsonNode read(Path file) {
        try {
            return CanonicalJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw RecordFormatException.malformed(file, e);
        }
    }
}
