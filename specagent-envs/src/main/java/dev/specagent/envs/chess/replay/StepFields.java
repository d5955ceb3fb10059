package dev.specagent.envs.chess.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.data.JsonCounts;
import dev.specagent.core.data.JsonErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to the fields of one step of a recorded-game JSON file, each failure naming the file,
 * the line, the step and the field. Package-private helper of the record readers.
 */
final class StepFields {

    /** A move as the records hold it: UCI in square brackets, exactly ({@code [e2e4]}, {@code [e7e8q]}). */
    private static final Pattern UCI = Pattern.compile("\\[([a-h][1-8][a-h][1-8][qrbn]?)]");

    private final Path file;
    private final int ply;
    private final JsonNode step;

    private StepFields(Path file, int ply, JsonNode step) {
        this.file = file;
        this.ply = ply;
        this.step = step;
    }

    /**
     * The steps of a file whose top level maps "0", "1", … to step objects, in ply order. A key given twice (a step
     * number, or a field within a step) is refused: JSON would keep the last one and silently drop the first.
     */
    static List<StepFields> readSteps(Path file) {
        JsonNode root;
        try {
            root = CanonicalJson.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readTree(Files.readAllBytes(file)); // bytes: a byte order mark or UTF-16 is read as JSON allows
        } catch (IOException e) {
            throw new RecordFormatException(file, "cannot read: " + JsonErrors.describe(e), e);
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new RecordFormatException(file, "", "expected an object of steps \"0\", \"1\", …");
        }
        List<StepFields> steps = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode step = root.get(Integer.toString(i));
            if (step == null || !step.isObject()) {
                throw new RecordFormatException(file, "step " + i, "missing (steps must be numbered 0.." + (root.size() - 1) + ")");
            }
            steps.add(new StepFields(file, i, step));
        }
        return steps;
    }

    int ply() {
        return ply;
    }

    private JsonNode field(String name) {
        JsonNode value = step.get(name);
        if (value == null || value.isNull()) {
            throw error(name, "missing");
        }
        return value;
    }

    boolean has(String name) {
        JsonNode value = step.get(name);
        return value != null && !value.isNull();
    }

    RecordFormatException error(String name, String problem) {
        return new RecordFormatException(file, lineOf(file, ply, name), "step " + ply + ", field '" + name + "'", problem);
    }

    /** The line of field {@code name} of step {@code ply} in {@code file}, or 0 when it cannot be found. */
    private static int lineOf(Path file, int ply, String name) {
        try (JsonParser p = CanonicalJson.MAPPER.getFactory().createParser(file.toFile())) {
            String step = Integer.toString(ply);
            int depth = 0;
            boolean inStep = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                    inStep &= depth >= 2;
                } else if (t == JsonToken.FIELD_NAME && depth == 1) {
                    inStep = p.currentName().equals(step);
                } else if (t == JsonToken.FIELD_NAME && depth == 2 && inStep && p.currentName().equals(name)) {
                    return p.currentTokenLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            // the file was read once already; without a line the message still names step and field
        }
        return 0;
    }

    double seconds(String name) {
        JsonNode v = field(name);
        if (!isSeconds(v)) {
            throw error(name, "expected a number of seconds from 0 to " + Clock.MAX_CALL_SECONDS + ", got " + v);
        }
        return v.asDouble();
    }

    private static boolean isSeconds(JsonNode v) {
        return v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= Clock.MAX_CALL_SECONDS;
    }

    long tokens(String name) {
        JsonNode v = field(name);
        if (!JsonCounts.isCount(v)) {
            throw error(name, "expected a non-negative token count, got " + v);
        }
        return v.asLong();
    }

    boolean bool(String name) {
        JsonNode v = field(name);
        if (!v.isBoolean()) {
            throw error(name, "expected true or false, got " + v);
        }
        return v.asBoolean();
    }

    /** A move as recorded, {@code [e2e4]}, as bare UCI ({@code e2e4}). */
    String move(String name) {
        return parseMove(name, field(name));
    }

    List<String> moves(String name) {
        JsonNode v = array(name);
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode m : v) {
            out.add(parseMove(name, m));
        }
        return out;
    }

    List<Double> secondsList(String name) {
        JsonNode v = array(name);
        List<Double> out = new ArrayList<>(v.size());
        for (JsonNode x : v) {
            if (!isSeconds(x)) {
                throw error(name, "expected numbers of seconds from 0 to " + Clock.MAX_CALL_SECONDS + ", got " + x);
            }
            out.add(x.asDouble());
        }
        return out;
    }

    List<Long> tokensList(String name) {
        JsonNode v = array(name);
        List<Long> out = new ArrayList<>(v.size());
        for (JsonNode x : v) {
            if (!JsonCounts.isCount(x)) {
                throw error(name, "expected non-negative token counts, got " + x);
            }
            out.add(x.asLong());
        }
        return out;
    }

    /** The usage of {@code prompt} prompt and {@code completion} completion tokens, at no cost. */
    static Usage usage(long prompt, long completion) {
        return new Usage(prompt, completion, 0, 0);
    }

    private JsonNode array(String name) {
        JsonNode v = field(name);
        if (!v.isArray()) {
            throw error(name, "expected a list, got " + v);
        }
        return v;
    }

    private String parseMove(String name, JsonNode v) {
        if (!v.isTextual()) {
            throw error(name, "expected a move such as [e2e4], got " + v);
        }
        Matcher m = UCI.matcher(v.asText());
        if (!m.matches()) {
            throw error(name, "not a UCI move in square brackets such as [e2e4] or [e7e8q]: '" + v.asText() + "'");
        }
        return m.group(1);
    }
}
