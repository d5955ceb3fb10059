package dev.specagent.cli;

import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.RunFigures;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact words the commands print for what their model calls spent. */
class SpentFormatterTest {

    @Test
    void chessHotpotqaAndOstuneSayCompletionTokensAndFourDecimals() {
        assertThat(SpentFormatter.COMPLETION.format(300, 30, 0.00066)).isEqualTo("300 prompt + 30 completion tokens, $0.0007");
        assertThat(SpentFormatter.COMPLETION.format(new Usage(3000, 1200, 500, 0.0156)))
                .as("the cached prompt tokens are not said").isEqualTo("3000 prompt + 1200 completion tokens, $0.0156");
        assertThat(SpentFormatter.COMPLETION.dollars(0.00066)).isEqualTo("$0.0007");
    }

    @Test
    void dspSaysGeneratedTokensAndSixDecimals() {
        assertThat(SpentFormatter.GENERATED.format(5210, 98, 0.0022414)).isEqualTo("5210 prompt + 98 generated tokens, $0.002241");
        assertThat(SpentFormatter.GENERATED.dollars(0.00061)).isEqualTo("$0.000610");
    }

    @Test
    void countsAreNotGroupedAndTheDecimalPointIsAPointInAnyLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(SpentFormatter.COMPLETION.format(1234567, 12345, 12.5))
                    .isEqualTo("1234567 prompt + 12345 completion tokens, $12.5000");
            assertThat(SpentFormatter.GENERATED.dollars(0.5)).isEqualTo("$0.500000");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void theJsonFieldsFollowEachVocabulary() {
        Usage u = new Usage(300, 30, 100, 0.0007);
        assertThat(SpentFormatter.COMPLETION.put(JsonOutput.object(), u).toString())
                .isEqualTo("{\"prompt_tokens\":300,\"completion_tokens\":30,\"cost_usd\":7.0E-4}");
        assertThat(SpentFormatter.GENERATED.put(JsonOutput.object(), u).toString())
                .isEqualTo("{\"prompt_tokens\":300,\"generation_tokens\":30,\"cost_usd\":7.0E-4}");
    }

    /** A run's figures say its prompt and completion tokens and its cost, in words and in JSON. */
    @Test
    void aRunsFiguresAreItsTokensAndCost() {
        RunFigures f = new RunFigures(2, 1, 50, 1, 1, 1, 2, 5210,
                98, 0.0022414, 0.002, 0.0002414, 1, 1, 0, 1, 0, 0);
        assertThat(SpentFormatter.GENERATED.format(f)).isEqualTo("5210 prompt + 98 generated tokens, $0.002241");
        assertThat(SpentFormatter.COMPLETION.put(JsonOutput.object(), f).put("more", 1).toString())
                .isEqualTo("{\"prompt_tokens\":5210,\"completion_tokens\":98,\"cost_usd\":0.0022414,\"more\":1}");
    }
}
