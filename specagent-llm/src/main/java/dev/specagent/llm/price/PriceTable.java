package dev.specagent.llm.price;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.IoErrors;
import dev.specagent.core.data.JsonErrors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices of models, in US dollars per million tokens. {@link #builtIn()} holds common OpenAI models
 * and a few open models (at 0) as of the date in {@link #asOf()}; {@link #withOverrides(Path)} reads
 * a JSON file of the same shape ({@code {"asOf": "...", "models": {"name": {"input": 1.25,
 * "output": 10, "cachedInput": 0.125}}}}) whose entries replace or add to the table; a price outside 0 to
 * {@link ModelPrice#MAX_PER_MILLION} fails naming the file, the model and the field.
 *
 * <p>Lookup ({@link #find}) tries the exact name, then the name without a provider prefix
 * ({@code openai/gpt-4o} → {@code gpt-4o}) or an Ollama tag ({@code qwen2.5:7b} → {@code qwen2.5}),
 * then the longest table entry that the name starts with followed by {@code -} (so the dated
 * snapshot {@code gpt-4o-2024-08-06} is priced as {@code gpt-4o}, but {@code gpt-4o-mini} as itself).
 *
 * <p>{@link #priceOf} prices a model it does not know at 0, and the first time it does so for a model it logs one
 * warning naming the model and the table and saying how to add a price: a mistyped or new model would otherwise
 * look free. A run uses one table of its own ({@link #builtIn()} gives a new one each time, and so does
 * {@link #withOverrides} with the {@code --prices} file; {@code LlmModels} builds one per run), so that is once per
 * unknown model per run, however many calls the model makes, and again in the next run of the same JVM. The prices are
 * immutable; the table is thread-safe.
 */
public final class PriceTable {

    private static final String RESOURCE = "/dev/specagent/llm/price/prices.json";
    /** The shipped prices, read once per JVM; {@link #builtIn()} hands out copies with warnings of their own. */
    private static volatile PriceTable builtIn;

    private final String asOf;
    private final Map<String, ModelPrice> prices;
    private final String name;
    /** The unknown models already warned of. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private PriceTable(String asOf, Map<String, ModelPrice> prices, String name) {
        this.asOf = asOf;
        this.prices = Map.copyOf(prices);
        this.name = name;
    }

    /**
     * A new table of the prices shipped with specagent (read once per JVM), with its own record of the unknown models
     * it warned of: the warnings of one run do not silence those of the next.
     */
    public static PriceTable builtIn() {
        PriceTable table = builtIn;
        if (table == null) {
            try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                table = parse(in.readAllBytes(), RESOURCE,
                        new LinkedHashMap<>(), "the built-in price table", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = table;
        }
        return new PriceTable(table.asOf, table.prices, table.name);
    }

    /** A table of exactly the given prices. */
    public static PriceTable of(String asOf, Map<String, ModelPrice> prices) {
        return new PriceTable(asOf, prices, "the price table");
    }

    /**
     * This table with the entries of the JSON file {@code file} added or replacing its own, as of the file's
     * {@code asOf} (this table's date when the file names none).
     */
    public PriceTable withOverrides(Path file) {
        byte[] bytes; // decoded by the parser as JSON allows: a byte order mark, UTF-16 from PowerShell's >
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read price file " + file + ": " + IoErrors.reason(e), e);
        }
        return parse(bytes, file.toString(), new LinkedHashMap<>(prices), name + " with the prices of " + file, asOf);
    }

    /** The date the prices were taken. */
    public String asOf() {
        return asOf;
    }

    /** Every model in the table. */
    public Map<String, ModelPrice> prices() {
        return prices;
    }

    /** The price of {@code model} (see the type's lookup rules), or empty when unknown. */
    public Optional<ModelPrice> find(String model) {
        if (model == null) {
            return Optional.empty();
        }
        String name = model.strip();
        ModelPrice exact = prices.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            return find(name.substring(slash + 1));
        }
        int colon = name.indexOf(':');
        if (colon > 0) {
            return find(name.substring(0, colon));
        }
        String best = null;
        for (String known : prices.keySet()) {
            if (name.startsWith(known + "-") && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return best == null ? Optional.empty() : Optional.of(prices.get(best));
    }

    /**
     * The price of {@code model}, or {@link ModelPrice#FREE} when it is unknown, logging a warning (once per model and
     * table) that its tokens are counted at $0.
     */
    public ModelPrice priceOf(String model) {
        Optional<ModelPrice> price = find(model);
        if (price.isEmpty() && model != null && !model.isBlank() && warned.add(model.strip())) {
            System.getLogger(PriceTable.class.getName()).log(System.Logger.Level.WARNING, unknownModel(model.strip()));
        }
        return price.orElse(ModelPrice.FREE);
    }

    /** The warning for a model this table has no price of. */
    private String unknownModel(String model) {
        return "model " + model + " has no price in " + name + " (as of " + asOf + "), so its tokens cost $0 in the "
                + "figures; to price it, pass --prices FILE with {\"models\": {\"" + model
                + "\": {\"input\": 1.25, \"output\": 10}}} (US dollars per million tokens, 0 for a model you host; "
                + "docs/llm.md, Prices)";
    }

    private static PriceTable parse(byte[] json, String source, Map<String, ModelPrice> into, String name,
                                    String undated) {
        JsonNode root;
        try {
            root = CanonicalJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("price file " + source + ": not valid JSON at " + JsonErrors.describe(e), e);
        }
        JsonNode models = root.get("models");
        if (models == null || !models.isObject()) {
            throw new IllegalArgumentException("price file " + source + ": field \"models\" must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "price file " + source + ": models." + e.getKey();
            double input = number(e.getValue(), "input", where, true);
            double output = number(e.getValue(), "output", where, true);
            double cached = e.getValue().has("cachedInput") ? number(e.getValue(), "cachedInput", where, true) : input;
            try {
                into.put(e.getKey(), new ModelPrice(input, output, cached));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
            }
        }
        String asOf = root.path("asOf").asText(undated);
        return new PriceTable(asOf, into, name);
    }

    private static double number(JsonNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            if (!required) {
                return 0;
            }
            throw new IllegalArgumentException(where + "." + field + " must be a number");
        }
        if (!ModelPrice.isPrice(value.doubleValue())) {
            throw new IllegalArgumentException(where + "." + field + " must be US dollars per million tokens from 0 to "
                    + ModelPrice.MAX_PER_MILLION + ", got " + value.asText());
        }
        return value.doubleValue();
    }
}
