package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The learned source rates: back-off from the specific pattern to the generic one, and the name stems. */
class SourceRatesTest {

    @Test
    void aRateBacksOffFromTheToolsOwnPatternToTheParametersAndThenTheGenericOne() {
        SourceRates rates = new SourceRates(DataFlowSpeculator.Settings.DEFAULT);
        SourceRates.Group g = new SourceRates.Group(ValueSource.Kind.OUTPUT, "", false, "get_user", "orders", 0, "-",
                true, "next");
        ValueSource s = new ValueSource(JsonNodeFactory.instance.textNode("#W1"), "\"#W1\"", ValueSource.Kind.OUTPUT,
                "orders", "get_user", 0, 0, "", new Object(), List.of());
        double prior = rates.rate("get_order_details", "order_id", s, g);
        rates.observe("get_order_details", "order_id", g, 10, 10);
        double own = rates.rate("get_order_details", "order_id", s, g);
        double sameParameter = rates.rate("cancel_pending_order", "order_id", s, g);
        rates.observe("get_order_details", "order_id", g, 0, 1);
        assertThat(own).as("the tool's own pattern saw 10 of 10").isGreaterThan(sameParameter);
        assertThat(sameParameter).as("another tool's parameter of that name: the shared patterns saw 10 of 10")
                .isGreaterThan(prior);
        assertThat(own).isLessThan(1.0);
        assertThat(rates.rate("get_order_details", "order_id", s, g)).as("a miss lowers it").isLessThan(own);
    }

    @Test
    void aShortNameIsItsOwnStem() {
        assertThat(SourceRates.stem("paid")).isEqualTo("paid");
        assertThat(SourceRates.stem("ids")).isEqualTo("ids");
        assertThat(SourceRates.stem("order_ids")).isEqualTo("order");
        assertThat(SourceRates.stem("zip-")).isEqualTo("zip");
        assertThat(SourceRates.relation("order_id", "$")).isEqualTo("none");
        assertThat(SourceRates.relation("order_id", "orders")).isEqualTo("stem");
    }
}
