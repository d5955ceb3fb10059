package dev.specagent.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.retail.RetailData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's retail row over test tasks with no gold call: no accuracy and no time saved, as 'retail predict' says. */
class RetailDemoTest {

    /**
     * The shared retail data with a test split whose one task lists no action: the row's hit rate and time saved
     * were 0% and 0.0% (ratios over no call and no time), and the report's accuracy "0.0 % overall", where {@code retail
     * predict} prints {@code n/a (0 of 0 calls)}.
     */
    @Test
    void aSplitWithoutGoldCallsHasNoHitRateAndNoTimeSaved(@TempDir Path data) throws Exception {
        Path shared = DataDirectory.find().map(d -> d.resolve(RetailData.FOLDER)).filter(Files::isDirectory).orElse(null);
        Assumptions.assumeTrue(shared != null, "no tau-bench retail data here");
        Path folder = Files.createDirectories(data.resolve(RetailData.FOLDER));
        try (Stream<Path> files = Files.list(shared)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("tasks_test.json")) {
                    Files.createSymbolicLink(folder.resolve(f.getFileName()), f);
                }
            }
        }
        Files.writeString(folder.resolve("tasks_test.json"),
                "[{\"user_id\": \"yusuf_rossi_9620\", \"instruction\": \"nothing to do\", \"actions\": [], \"outputs\": []}]");

        DemoPartRun.Result run = DemoPartRun.run(data, new RetailDemo(), "--json", "--report",
                data.resolve("demo.html").toString());
        assertThat(run.exitCode()).as(run.out()).isZero();
        JsonNode o = CanonicalJson.parse(run.out());
        JsonNode row = o.at("/rows/0");
        assertThat(row.get("policy").asText()).isEqualTo("learned k=3");
        assertThat(row.get("hit_rate").isNull()).as(row.toString()).isTrue();
        assertThat(row.get("saved_pct").isNull()).as(row.toString()).isTrue();
        assertThat(o.get("notes").toString()).contains("(0 of 0 gold calls)");
        JsonNode accuracy = ReportPages.section(data.resolve("demo.html"),
                "tau-bench retail: learned speculator's accuracy per tool (k = 3)");
        assertThat(accuracy.get("note").asText()).contains("n/a overall (0 of 0 calls)");
    }
}
