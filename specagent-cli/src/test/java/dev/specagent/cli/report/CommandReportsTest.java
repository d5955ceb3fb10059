package dev.specagent.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.DataDirectory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --report FILE.html} on the commands that run something: the page is written with the sections
 * of that command, {@code --json} stdout stays one JSON value, and progress goes to stderr only.
 * ({@code llm-demo --report} is left out: its synthetic trace plays in real time, 14 s here.)
 */
class CommandReportsTest {

    private static Path page(String name) throws Exception {
        Path file = Path.of("target", "reports-test", name);
        Files.deleteIfExists(file);
        return file;
    }

    private static String run(Path report, String... args) throws Exception {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--json";
        all[args.length + 1] = "--report";
        all[args.length + 2] = report.toString();
        var r = CliTestSupport.run(all);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode parsed = CanonicalJson.parse(r.out());
        assertThat(parsed).isNotNull();
        assertThat(r.err()).contains("report: ");
        assertThat(Files.readString(report)).contains("\"sections\"");
        ReportPages.assertShowsWhatWasPrinted(report, r.out()); // with --json, the JSON object
        return r.err();
    }

    /** The ratios drawn as bars are the ones printed (to the printed 4 decimals), and the report shows the text. */
    @Test
    void simulateReportDrawsThePrintedRatios() throws Exception {
        Path report = page("simulate.html");
        var r = CliTestSupport.run("simulate", "--p", "0.7", "--alpha", "5", "--beta", "1", "--steps", "30", "--runs",
                "50", "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher printed = Pattern.compile("(?m)^  (algorithm1 \\(measured\\)|algorithm1 \\(exact expectation\\)|"
                + "Proposition 1 closed form|chained \\(measured, ours\\))\\s+(\\d\\.\\d{4})\\s").matcher(r.out());
        List<String> ratios = new ArrayList<>();
        while (printed.find()) {
            ratios.add(printed.group(2));
        }
        assertThat(ratios).hasSize(4);
        JsonNode bars = ReportPages.section(report, "Ratio of expected times (lower is faster)").get("series").get(0);
        List<String> drawn = new ArrayList<>();
        bars.get("values").forEach(v -> drawn.add(String.format(Locale.ROOT, "%.4f", v.asDouble())));
        assertThat(drawn).isEqualTo(ratios);
        ReportPages.assertShowsWhatWasPrinted(report, r.out());
    }

    /** A file name from the command line that is markup shows as text in the subtitle and in what was printed. */
    @Test
    void aConversationsFileNamedLikeMarkupStaysText() throws Exception {
        Path folder = Path.of("target", "reports-test", "\"><script>alert(1)<", "script><!--");
        Files.createDirectories(folder);
        Path conversations = Files.copy(Path.of("../specagent-envs/src/test/resources/conversations/library.json"),
                folder.resolve("x.json"), StandardCopyOption.REPLACE_EXISTING);
        Path report = page("markup-name.html");
        var r = CliTestSupport.run("predict-calls", "--conversations", conversations.toString(), "--report",
                report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(ReportPages.sections(report)).isNotEmpty(); // the page is only its own markup
        Document doc = Jsoup.parse(Files.readString(report));
        assertThat(doc.selectFirst("div.meta").text()).startsWith(conversations + ": ");
        ReportPages.assertShowsWhatWasPrinted(report, r.out());
    }

    @Test
    void ostuneReportsP95OverTimeAndShowsProgressOnStderr() throws Exception {
        Path report = page("ostune.html");
        String err = run(report, "ostune", "--knob", "simulated", "--mode", "both", "--seconds", "60", "--perturb-at", "30");
        assertThat(err).contains("ostune (seconds): 60/60");
        assertThat(Files.readString(report)).contains("p95 over time").contains("actor + speculator").contains("timeline");
    }

    @Test
    void dspSweepReportsTheFrontierAndBarsWithProgressPerPolicy() throws Exception {
        Path report = page("dsp.html");
        String err = run(report, "dsp", "sweep", "--world", "synthetic", "--tasks", "8", "--seed", "2");
        assertThat(err).contains("dsp sweep (policies)");
        assertThat(Files.readString(report)).contains("\"scatter\"").contains("Time saved and extra cost per policy")
                .contains("dyn-tau0.99");
    }

    @Test
    void replayChessReportsTheTimelineOfTheReplayedGame() throws Exception {
        Assumptions.assumeTrue(DataDirectory.find().map(d -> Files.isDirectory(d.resolve("chess"))).orElse(false),
                "the recorded chess games are in the shared data directory");
        Path report = page("replay-chess.html");
        run(report, "replay", "chess", "--game", "32831f2d", "--k", "3", "--steps", "10");
        assertThat(Files.readString(report)).contains("\"timeline\"").contains("Recorded game 32831f2d");
    }
}
