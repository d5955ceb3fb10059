package dev.specagent.llm;

import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.CancelSavings;
import dev.specagent.llm.price.ModelPrice;
import dev.specagent.llm.price.PriceTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PriceTableTest {

    @Test
    void builtInTableHasTheCommonModelsAndADate() {
        PriceTable table = PriceTable.builtIn();
        assertThat(table.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        for (String model : List.of("gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4o",
                "gpt-4o-mini", "o3", "o4-mini", "llama3.1", "qwen2.5")) {
            assertThat(table.find(model)).as(model).isPresent();
        }
        assertThat(table.priceOf("gpt-4o-mini")).isEqualTo(new ModelPrice(0.15, 0.60, 0.075));
        assertThat(table.priceOf("qwen2.5").cost(1000, 0, 1000)).isZero();
    }

    @Test
    void lookupRules() {
        PriceTable table = PriceTable.builtIn();
        assertThat(table.priceOf("gpt-4o-2024-08-06")).isEqualTo(table.priceOf("gpt-4o"));
        assertThat(table.priceOf("gpt-4o-mini-2024-07-18")).isEqualTo(table.priceOf("gpt-4o-mini"));
        assertThat(table.priceOf("openai/gpt-4.1-mini")).isEqualTo(table.priceOf("gpt-4.1-mini"));
        assertThat(table.find("/gpt-4.1-mini")).as("an empty provider prefix").isEqualTo(table.find("gpt-4.1-mini"));
        assertThat(table.priceOf("qwen2.5:7b")).isEqualTo(ModelPrice.FREE);
        assertThat(table.find("gpt-4o-mini")).isNotEqualTo(table.find("gpt-4o"));
        assertThat(table.find("totally-unknown")).isEmpty();
        assertThat(table.priceOf("totally-unknown")).isEqualTo(ModelPrice.FREE);
    }

    /**
     * A mistyped or new model was priced at $0 without a word, so its run looked free; now the first lookup of each
     * unknown model per table logs one warning naming it, the table and how to add a price, and the figure stays 0.
     */
    /** A log handler that adds the warnings it is given to {@code warnings}. */
    static Handler capture(List<LogRecord> warnings) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Two runs in one JVM on the built-in prices ({@code LlmModels}, as every LLM command opens them) each warn once of
     * a model without a price: the built-in table was one per JVM, so the second run said nothing and its figures of
     * $0 looked right.
     */
    @Test
    void eachRunOnTheBuiltInPricesWarnsOnceOfAnUnknownModel() {
        LlmEndpoint unpriced = LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-4.3-unpriced");
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = capture(warnings);
        Logger logger = Logger.getLogger(PriceTable.class.getName());
        logger.addHandler(capture);
        try {
            for (int run = 1; run <= 2; run++) {
                try (LlmModels models = LlmModels.open(LlmModels.Config.of(unpriced, unpriced))) {
                    for (int call = 0; call < 3; call++) {
                        assertThat(models.actor().price("gpt-4.3-unpriced", 1000, 0, 1000).costUsd()).isZero();
                        assertThat(models.speculator().price("gpt-4.3-unpriced", 1000, 0, 1000).costUsd()).isZero();
                    }
                }
                assertThat(warnings).as("after run %d", run).hasSize(run);
            }
            assertThat(warnings).allSatisfy(w -> assertThat(w.getMessage())
                    .startsWith("model gpt-4.3-unpriced has no price in the built-in price table"));
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void anUnknownModelIsWarnedOfOncePerTableNamingTheTableAndHowToPriceIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, "{\"asOf\": \"2026-01-01\", \"models\": {\"my-model\": {\"input\": 3, \"output\": 4}}}");
        PriceTable table = PriceTable.builtIn().withOverrides(file);
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = capture(warnings);
        Logger logger = Logger.getLogger(PriceTable.class.getName());
        logger.addHandler(capture);
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(table.priceOf("gpt-4.2-typo")).isEqualTo(ModelPrice.FREE);
                assertThat(table.priceOf(" gpt-4.2-typo ").cost(1_000_000, 0, 1_000_000)).isZero();
            }
            table.priceOf("my-model");
            table.priceOf("gpt-4o-2024-08-06");
            table.priceOf("qwen2.5:7b");
            assertThat(warnings).as("one per unknown model, none for known ones").singleElement()
                    .satisfies(w -> assertThat(w.getMessage()).isEqualTo("model gpt-4.2-typo has no price in the "
                            + "built-in price table with the prices of " + file + " (as of 2026-01-01), so its tokens "
                            + "cost $0 in the figures; to price it, pass --prices FILE with {\"models\": "
                            + "{\"gpt-4.2-typo\": {\"input\": 1.25, \"output\": 10}}} (US dollars per million tokens, "
                            + "0 for a model you host; docs/llm.md, Prices)"));
            table.priceOf("other-new-model");
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(1).getMessage()).startsWith("model other-new-model has no price in the built-in price table");
            assertThat(table.find("yet-another-model")).as("find leaves the absence to its caller").isEmpty();
            assertThat(warnings).hasSize(2);
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void costWithCachedTokens() {
        ModelPrice gpt5 = PriceTable.builtIn().priceOf("gpt-5");
        Usage u = gpt5.price(10_000, 8_000, 500);
        assertThat(u.cachedPromptTokens()).isEqualTo(8_000);
        assertThat(u.costUsd()).isCloseTo((2_000 * 1.25 + 8_000 * 0.125 + 500 * 10.0) / 1e6, within(1e-12));
    }

    /**
     * A price file that names no date ({"models": {...}}, as the unknown-model warning itself suggests writing) left
     * the whole table "as of unknown", so the next unknown model's warning said "(as of unknown)" of the built-in
     * prices it still holds; the table keeps its own date then, as withOverrides ("this table with the entries of the
     * file added") says.
     */
    @Test
    void aPriceFileWithoutADateKeepsTheTablesDate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, "{\"models\": {\"my-model\": {\"input\": 1.25, \"output\": 10}}}");
        PriceTable builtIn = PriceTable.builtIn();
        PriceTable table = builtIn.withOverrides(file);
        assertThat(table.asOf()).isEqualTo(builtIn.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(table.priceOf("my-model")).isEqualTo(new ModelPrice(1.25, 10, 1.25));
    }

    @Test
    void overridesFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, "{\"asOf\": \"2026-01-01\", \"models\": {\"gpt-4o\": {\"input\": 1, \"output\": 2},"
                + " \"my-model\": {\"input\": 3, \"output\": 4, \"cachedInput\": 0.5}}}");
        PriceTable table = PriceTable.builtIn().withOverrides(file);
        assertThat(table.asOf()).isEqualTo("2026-01-01");
        assertThat(table.priceOf("gpt-4o")).isEqualTo(new ModelPrice(1, 2, 1));
        assertThat(table.priceOf("my-model")).isEqualTo(new ModelPrice(3, 4, 0.5));
        assertThat(table.priceOf("gpt-5")).isEqualTo(PriceTable.builtIn().priceOf("gpt-5"));

        Files.writeString(file, "{\"models\": {\"x\": {\"input\": \"cheap\", \"output\": 1}}}");
        assertThatThrownBy(() -> PriceTable.builtIn().withOverrides(file))
                .hasMessageContaining("prices.json").hasMessageContaining("models.x.input must be a number");
        Files.writeString(file, "{\"models\": {\"x\": {\"input\": -1, \"output\": 1}}}");
        assertThatThrownBy(() -> PriceTable.builtIn().withOverrides(file)).hasMessageContaining("models.x");
        assertThatThrownBy(() -> PriceTable.builtIn().withOverrides(dir.resolve("missing.json")))
                .hasMessageContaining("cannot read price file");
    }

    @Test
    void textAfterThePricesIsAnErrorNamingTheFileAndLine(@TempDir Path dir) throws Exception {
        // two tables pasted into one file: the second was dropped unread, so its prices silently did not count
        Path file = dir.resolve("prices.json");
        Files.writeString(file, "{\"models\": {\"x\": {\"input\": 1, \"output\": 2}}}\n"
                + "{\"models\": {\"y\": {\"input\": 3, \"output\": 4}}}\n");
        assertThatThrownBy(() -> PriceTable.builtIn().withOverrides(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("price file " + file + ": not valid JSON at line 2, column 1: a second JSON value follows the "
                        + "first (only one is allowed)");
        Files.writeString(file, "{\"models\": {\"x\": {\"input\": 1, \"output\": 2}}} -- my prices\n");
        assertThatThrownBy(() -> PriceTable.builtIn().withOverrides(file))
                .hasMessageStartingWith("price file " + file + ": not valid JSON at line 1, column ");
        Files.writeString(file, "{\"models\": {\"x\": {\"input\": 1, \"output\": 2}}}\n\n");
        assertThat(PriceTable.builtIn().withOverrides(file).priceOf("x")).isEqualTo(new ModelPrice(1, 2, 1));
    }

    /**
     * A price file saved with a byte order mark (an editor's) or in UTF-16 (Windows PowerShell's {@code >}) was "not
     * valid JSON at line 1, column 1: Unexpected character ('\uFEFF')" or "not UTF-8 text (a binary file?)".
     */
    @Test
    void aPriceFileSavedWithAByteOrderMarkOrInUtf16ReadsAsWithout(@TempDir Path dir) throws Exception {
        String json = "{\r\n  \"models\": {\"x\": {\"input\": 1.5, \"output\": 2e0, \"cachedInput\": 1}}\r\n}\r\n";
        Path file = dir.resolve("prices.json");
        for (byte[] bytes : List.of(("\uFEFF" + json).getBytes(StandardCharsets.UTF_8),
                ("\uFEFF" + json).getBytes(StandardCharsets.UTF_16LE), ("\uFEFF" + json).getBytes(StandardCharsets.UTF_16BE))) {
            Files.write(file, bytes);
            assertThat(PriceTable.builtIn().withOverrides(file).priceOf("x")).isEqualTo(new ModelPrice(1.5, 2, 1));
        }
    }

    @Test
    void anAbsurdOrNonFinitePriceNamesTheFileModelAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        for (String price : new String[] {"1e300", "1000.01", "-0.5", "1e400"}) {
            Files.writeString(file, "{\"models\": {\"x\": {\"input\": 1, \"output\": " + price + "}}}");
            assertThatThrownBy(() -> PriceTable.builtIn().withOverrides(file)).as(price)
                    .hasMessageStartingWith("price file " + file + ": models.x.output must be US dollars per million "
                            + "tokens from 0 to 1000.0, got ");
        }
        Files.writeString(file, "{\"models\": {\"x\": {\"input\": 1000, \"output\": 1000, \"cachedInput\": 0}}}");
        assertThat(PriceTable.builtIn().withOverrides(file).priceOf("x")).isEqualTo(new ModelPrice(1000, 1000, 0));
        assertThatThrownBy(() -> new ModelPrice(1, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelPrice(1, 1, 1e300)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelSavingsFromTheLedger() {
        List<LedgerEntry> ledger = List.of(
                entry(Role.ACTOR, 0.010, Fate.COMMITTED),
                entry(Role.BRANCH, 0.012, Fate.COMMITTED),
                entry(Role.BRANCH, 0.002, Fate.CANCELLED),
                entry(Role.SPECULATOR, 0.001, Fate.WASTED));
        CancelSavings s = CancelSavings.of(ledger);
        assertThat(s.cancelledCalls()).isEqualTo(1);
        assertThat(s.spentUsd()).isCloseTo(0.002, within(1e-12));
        assertThat(s.estimatedFullUsd()).isCloseTo(0.011, within(1e-12));
        assertThat(s.savedUsd()).isCloseTo(0.009, within(1e-12));
    }

    @Test
    void aTableOfGivenPricesHoldsExactlyThem() {
        ModelPrice price = new ModelPrice(1, 2, 0.5);
        PriceTable table = PriceTable.of("2026-01-01", Map.of("house-model", price));
        assertThat(table.prices()).containsExactly(Map.entry("house-model", price));
        assertThat(table.asOf()).isEqualTo("2026-01-01");
        assertThat(table.find("house-model-2026")).contains(price);
        assertThat(table.find("gpt-4o")).isEmpty();
    }

    /** A cancelled call is compared with finished calls of its own kind: authority, speculator, or another role. */
    @Test
    void cancelSavingsCompareEachCallWithItsOwnKind() {
        List<LedgerEntry> ledger = List.of(
                entry(Role.ACTOR, 0.010, Fate.COMMITTED),
                entry(Role.SPECULATOR, 0.001, Fate.WASTED),
                entry(Role.PREDICTOR, 0.100, Fate.COMMITTED),
                entry(Role.SPECULATOR, 0.0002, Fate.CANCELLED),
                entry(Role.BRANCH, 0.002, Fate.CANCELLED));
        CancelSavings s = CancelSavings.of(ledger);
        assertThat(s.cancelledCalls()).isEqualTo(2);
        assertThat(s.spentUsd()).isCloseTo(0.0022, within(1e-12));
        assertThat(s.estimatedFullUsd()).isCloseTo(0.001 + 0.010, within(1e-12));
        assertThat(s.savedUsd()).isCloseTo(0.0008 + 0.008, within(1e-12));
    }

    static LedgerEntry entry(Role role, double cost, Fate fate) {
        return new LedgerEntry(0, role, "chat", 0, 1, Usage.ofCost(cost), fate, 0, -1);
    }
}
