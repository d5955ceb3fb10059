package dev.specagent.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.hotpotqa.corpus.HotpotDataset;
import dev.specagent.envs.hotpotqa.replay.ConfigurationReplay;
import dev.specagent.envs.hotpotqa.replay.HotpotReplay;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's HotpotQA match-rate bars: a rate over no step of a type is no bar, not a rate of 0. */
class HotpotqaDemoTest {

    /**
     * 14 of the 24 recorded configurations have no Lookup step; their Lookup bar was drawn at 0, the same as a
     * configuration whose one Lookup was missed (0 of 1).
     */
    @Test
    void aTypeWithNoStepHasNoBarAndACountedTypeHasItsPooledRate() throws Exception {
        HotpotqaDemo part = new HotpotqaDemo();
        Assumptions.assumeTrue(part.missingPrerequisite() == null, "no recorded HotpotQA runs here");
        HtmlReport report = new HtmlReport("hotpotqa", "");
        StringWriter log = new StringWriter();
        part.run(new PrintWriter(log, true), new PrintWriter(new StringWriter(), true), report);
        JsonNode bars = ReportPages.sections(report).get(0);
        assertThat(bars.get("kind").asText()).isEqualTo("bars");

        List<ConfigurationReplay> configs = HotpotReplay.of(DataDirectory.require(HotpotDataset.RUNS)).configurations();
        assertThat(bars.get("labels")).hasSize(configs.size());
        int uncounted = 0;
        for (JsonNode series : bars.get("series")) {
            String type = series.get("name").asText().replace(" match rate", "");
            for (int i = 0; i < configs.size(); i++) {
                ConfigurationReplay c = configs.get(i);
                JsonNode value = series.get("values").get(i);
                String what = c.configuration() + " " + type + " (" + c.pooledMatched(type) + " of "
                        + c.pooledCounted(type) + ")";
                if (c.pooledCounted(type) == 0) {
                    uncounted++;
                    assertThat(value.isNull()).as(what + ": " + value).isTrue();
                } else {
                    assertThat(value.asDouble()).as(what).isEqualTo(c.pooledRate(type).orElseThrow());
                }
            }
        }
        assertThat(uncounted).as("configurations of the recorded runs with no step of a type").isPositive();
    }
}
