package dev.specagent.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.DemoRun;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.sim.Proposition1;
import dev.specagent.core.sim.SyntheticWorld;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens a report with every kind of section in headless Chromium (Debian's {@code chromium}, installed
 * by {@code scripts/ensure-tools.sh}) and checks that it loads without script errors and that every
 * chart drew visible pixels. Also leaves a screenshot in {@code target/report-screenshot.png}.
 */
class HtmlReportBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void reportLoadsWithoutErrorsAndDrawsEveryChart() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            Assumptions.assumeTrue(System.getenv("CI") == null, "chromium missing in CI: scripts/ensure-tools.sh installs it");
            Assumptions.abort("chromium is not installed here (scripts/ensure-tools.sh installs it)");
        }
        var run = Proposition1.runOnce(SyntheticWorld.Config.proposition1(0.8, 5, 1, 12, 3), new ChainedPolicy(2, 3));
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("saved %", List.of(20.0, 45.0));
        bars.put("cost %", List.of(80.0, 300.0));
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        lines.put("p95", List.of(new double[]{0, 100}, new double[]{1, 60}, new double[]{2, 40}));
        HtmlReport report = new HtmlReport("browser test <&>", "every section kind")
                .table("Summary", "a note", List.of("policy", "saved"), List.of(List.of("chained", "45%")))
                .bars("Bars", null, List.of("algorithm1", "chained"), bars, "saved %", "cost %", List.of("cost %"))
                .timeline("Timeline", "one run", run.ledger())
                .scatter("Frontier", null, List.of(new HtmlReport.Point("fix-2", 1.0, 1.0),
                        new HtmlReport.Point("dyn", 0.9, 1.2)), "time", "cost")
                .series("p95 over time", null, lines, "seconds", "ms")
                .text("What the command printed", null, "saved 45.0%\n</script><b>x</b>");
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Path page = dir.resolve("report-under-test.html");
        report.write(page);

        String dom = chromium("--dump-dom", page);
        Matcher body = Pattern.compile("<body ([^>]*)>").matcher(dom);
        assertThat(body.find()).as("a body in the dumped DOM").isTrue();
        assertThat(body.group(1)).contains("data-errors=\"\"").contains("data-charts=\"4\"")
                .contains("data-expected-charts=\"4\"");
        assertThat(dom).contains("browser test &lt;&amp;&gt;").contains("chained")
                .contains("<pre class=\"printed\">saved 45.0%\n&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;</pre>");

        Path screenshot = dir.resolve("report-screenshot.png").toAbsolutePath();
        chromium("--screenshot=" + screenshot, page);
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    /**
     * The page's Content-Security-Policy lets only its own scripts run: a script and an image slipped into the
     * markup (as an escaping bug would let through) neither run nor load, and the page's charts still draw.
     */
    @Test
    void markupSlippedIntoThePageRunsNothingAndLoadsNothing() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            Assumptions.assumeTrue(System.getenv("CI") == null, "chromium missing in CI: scripts/ensure-tools.sh installs it");
            Assumptions.abort("chromium is not installed here (scripts/ensure-tools.sh installs it)");
        }
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("saved %", List.of(20.0, 45.0));
        String page = new HtmlReport("csp", "").bars("Bars", null, List.of("a", "b"), bars, "saved %", "", List.of())
                .render();
        String slipped = "<div id=\"sections\"></div><script>document.body.dataset.injected = 'ran';</script>"
                + "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" onerror=\"document.body.dataset.onerror = 'ran'\" "
                + "onload=\"document.body.dataset.onload = 'ran'\">";
        assertThat(page).contains("<div id=\"sections\"></div>");
        Path file = Path.of("target", "report-with-slipped-markup.html");
        Files.writeString(file, page.replace("<div id=\"sections\"></div>", slipped));
        String dom = chromium("--dump-dom", file);
        Matcher body = Pattern.compile("<body ([^>]*)>").matcher(dom);
        assertThat(body.find()).as("a body in the dumped DOM").isTrue();
        assertThat(body.group(1)).contains("data-charts=\"1\"").doesNotContain("ran");
    }

    /**
     * The frontier of the 28 policies of {@code dsp sweep --world replay --tasks 50 --seed 1} names every point, and
     * in its cluster no name covers another or a point (each name is drawn where the browser measured it free).
     * Every name was drawn right of its point whatever was there, so the cluster's names lay over one another.
     */
    @Test
    void theFrontiersNamesCoverNoOtherNameNorAPoint() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            Assumptions.assumeTrue(System.getenv("CI") == null, "chromium missing in CI: scripts/ensure-tools.sh installs it");
            Assumptions.abort("chromium is not installed here (scripts/ensure-tools.sh installs it)");
        }
        List<HtmlReport.Point> sweep = List.of(
            new HtmlReport.Point("target-only", 1.0000, 1.0000),
            new HtmlReport.Point("fix-2", 0.8027, 1.5526),
            new HtmlReport.Point("fix-4", 0.7161, 2.1733),
            new HtmlReport.Point("fix-6", 0.6708, 2.4400),
            new HtmlReport.Point("dyn-tau0.5", 0.7955, 1.4427),
            new HtmlReport.Point("dyn-tau0.99", 0.7352, 1.6844),
            new HtmlReport.Point("dyn-offset2", 0.6850, 2.0070),
            new HtmlReport.Point("oracle", 0.6708, 1.2323),
            new HtmlReport.Point("dyn-tau0.9-offset1", 0.6890, 1.8453),
            new HtmlReport.Point("dyn-accept-theta0.3", 0.7191, 1.7894),
            new HtmlReport.Point("dyn-accept-theta0.08", 0.6962, 1.9003),
            new HtmlReport.Point("oracle-lean", 0.6708, 1.1799),
            new HtmlReport.Point("dyn-tau0.99-lean", 0.7386, 1.6495),
            new HtmlReport.Point("dyn-tau0.9-offset1-lean", 0.6882, 1.7271),
            new HtmlReport.Point("dyn-accept-theta0.04-lean", 0.6906, 1.8711),
            new HtmlReport.Point("rate-oracle-theta0.1", 0.6815, 1.7340),
            new HtmlReport.Point("rate-oracle-theta0.03", 0.6708, 1.9271),
            new HtmlReport.Point("dyn-gate0.3", 0.7287, 1.5630),
            new HtmlReport.Point("dyn-gate0.1", 0.7121, 1.6988),
            new HtmlReport.Point("dyn-gate0.03", 0.6927, 1.8566),
            new HtmlReport.Point("dyn-gate0.01", 0.6845, 2.0023),
            new HtmlReport.Point("dyn-sched-v0.3-d0.1", 0.7305, 1.5212),
            new HtmlReport.Point("dyn-sched-v0.1-d0.03", 0.7183, 1.6405),
            new HtmlReport.Point("dyn-sched-v0.03-d0.01", 0.6999, 1.7355),
            new HtmlReport.Point("dyn-sched-v0.01-d0.005", 0.6862, 1.8229),
            new HtmlReport.Point("dyn-sched-v0.1-l0.01-d0.005", 0.6895, 1.7804),
            new HtmlReport.Point("dyn-tsched-v0.0003-d0.0001", 0.6908, 1.6738),
            new HtmlReport.Point("dyn-tpsched-v0.005-d0.005", 0.6799, 1.5649)
);
        Path page = Path.of("target", "report-frontier.html");
        Files.createDirectories(page.getParent());
        new HtmlReport("frontier", "").scatter("Frontier", null, sweep, "time", "cost").write(page);
        String dom = chromium("--dump-dom", page);
        Matcher canvas = Pattern.compile("<canvas [^>]*data-name-boxes=\"([^\"]*)\" data-points=\"([^\"]*)\"").matcher(dom);
        assertThat(canvas.find()).as("the names' boxes on the canvas").isTrue();
        JsonNode boxes = CanonicalJson.parse(canvas.group(1));
        JsonNode points = CanonicalJson.parse(canvas.group(2));
        assertThat(points).hasSize(sweep.size());
        assertThat(boxes).as("every point named").hasSize(sweep.size());
        for (int i = 0; i < boxes.size(); i++) {
            double[] box = box(boxes.get(i));
            for (int j = 0; j < i; j++) {
                assertThat(overlaps(box, box(boxes.get(j)))).as("name " + i + " over name " + j).isFalse();
            }
            for (JsonNode p : points) {
                double x = p.get(0).asDouble();
                double y = p.get(1).asDouble();
                assertThat(overlaps(box, new double[]{x - 7, y - 7, x + 7, y + 7})).as("name " + i + " over a point").isFalse();
            }
        }
    }

    /**
     * Bars on two axes share their baseline: each axis puts 0 at the same height, also when one axis has only
     * negative values (a live game that speculation made slower, measured and estimated, beside its searches on the
     * right axis). That axis kept 0 at the top while the other had it at the bottom, so its bars hung from the top
     * like small positive ones.
     */
    @Test
    void barsOnTwoAxesShareTheirZero() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            Assumptions.assumeTrue(System.getenv("CI") == null, "chromium missing in CI: scripts/ensure-tools.sh installs it");
            Assumptions.abort("chromium is not installed here (scripts/ensure-tools.sh installs it)");
        }
        HtmlReport report = new HtmlReport("bars", "");
        List<List<List<Double>>> cases = List.of(
                List.of(List.of(-10.0, -3.0), List.of(40.0, 38.0)),  // left negative only, right positive only
                List.of(List.of(20.0, 45.0), List.of(-5.0, -1.0)),   // and the other way round
                List.of(List.of(-10.0, 5.0), List.of(40.0, 38.0)),   // left both signs
                List.of(List.of(20.0, 45.0), List.of(80.0, 300.0))); // both positive
        for (List<List<Double>> values : cases) {
            Map<String, List<Double>> bars = new LinkedHashMap<>();
            bars.put("time saved %", values.get(0));
            bars.put("engine searches", values.get(1));
            report.bars("Bars " + values, null, List.of("measured", "remote estimate"), bars, "time saved %", "searches",
                    List.of("engine searches"));
        }
        Path page = Path.of("target", "report-bars.html");
        Files.createDirectories(page.getParent());
        report.write(page);
        Matcher zeros = Pattern.compile("data-zeros=\"\\[([-0-9.e]+),([-0-9.e]+)\\]\"").matcher(chromium("--dump-dom", page));
        for (List<List<Double>> values : cases) {
            assertThat(zeros.find()).as("the zeros of the bars " + values).isTrue();
            assertThat(Double.parseDouble(zeros.group(1))).as("the zeros of the bars " + values)
                    .isCloseTo(Double.parseDouble(zeros.group(2)), org.assertj.core.data.Offset.offset(0.5));
        }
    }

    private static double[] box(JsonNode b) {
        return new double[]{b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()};
    }

    private static boolean overlaps(double[] a, double[] b) {
        return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    }

    @Test
    void theDemoReportLoadsWithoutErrorsAndDrawsEveryChart() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            Assumptions.assumeTrue(System.getenv("CI") == null, "chromium missing in CI: scripts/ensure-tools.sh installs it");
            Assumptions.abort("chromium is not installed here (scripts/ensure-tools.sh installs it)");
        }
        assertThat(DemoRun.result().exitCode()).as(DemoRun.result().err()).isZero();
        String dom = chromium("--dump-dom", DemoRun.REPORT);
        Matcher body = Pattern.compile("<body ([^>]*)>").matcher(dom);
        assertThat(body.find()).as("a body in the dumped DOM").isTrue();
        Matcher charts = Pattern.compile("data-charts=\"(\\d+)\"").matcher(body.group(1));
        Matcher expected = Pattern.compile("data-expected-charts=\"(\\d+)\"").matcher(body.group(1));
        assertThat(charts.find() && expected.find()).as(body.group(1)).isTrue();
        assertThat(body.group(1)).contains("data-errors=\"\"");
        // The synthetic part alone draws bars and three timelines; ostune adds its p95 series.
        assertThat(Integer.parseInt(expected.group(1))).isGreaterThanOrEqualTo(5);
        assertThat(charts.group(1)).as("charts drawn").isEqualTo(expected.group(1));
        Path screenshot = Path.of("target/demo-report-screenshot.png").toAbsolutePath();
        chromium("--screenshot=" + screenshot, DemoRun.REPORT);
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    private static String chromium(String action, Path page) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1300,2200",
                "--virtual-time-budget=5000", action, page.toAbsolutePath().toUri().toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return out;
    }
}
