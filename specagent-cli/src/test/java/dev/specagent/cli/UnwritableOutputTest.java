package dev.specagent.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An output file that cannot be written (it is a folder, or its "folder" is a regular file) is bad input: exit 2, a message
 * naming the option, the file and the reason, no exception class name; an output checked only at the end leaves
 * whatever was computed before the write printed.
 */
class UnwritableOutputTest {

    private static void assertBadInputNaming(CliTestSupport.Result r, String option, Path file, String reason) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(option).contains(file.toString()).contains(reason)
                .doesNotContain("Exception").doesNotContain("java.");
    }

    @Test
    void retailGoldOutOntoAFolderIsBadInputNamingTheOption(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("gold.jsonl"));
        assertBadInputNaming(CliTestSupport.run("retail", "gold", "--tasks", "dev", "--out", folder.toString()),
                "--out", folder, "it is a folder");
    }

    /** The conversations file, written after the gold runs, is checked before them: a folder there wrote no runs. */
    @Test
    void retailGoldOpenaiOutOntoAFolderIsRefusedBeforeTheRuns(@TempDir Path dir) throws Exception {
        Path gold = dir.resolve("gold.jsonl");
        Path folder = Files.createDirectory(dir.resolve("openai.json"));
        var r = CliTestSupport.run("retail", "gold", "--tasks", "dev", "--out", gold.toString(), "--openai-out",
                folder.toString());
        assertBadInputNaming(r, "--openai-out", folder, "it is a folder");
        assertThat(r.out()).isEmpty();
        assertThat(gold).doesNotExist();
    }

    @Test
    void retailGoldOpenaiOutThatFailsKeepsTheGoldFileAndSaysWhereItIs(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        Path gold = dir.resolve("gold.jsonl");
        Path full = Path.of("/dev/full"); // accepted before the runs, full when written
        var r = CliTestSupport.run("retail", "gold", "--tasks", "dev", "--out", gold.toString(), "--openai-out",
                full.toString());
        assertBadInputNaming(r, "--openai-out", full, "No space left on device");
        assertThat(r.err()).contains(gold.toString());
        assertThat(Files.readAllLines(gold)).hasSize(20);
    }

    @Test
    void retailGoldRefusesOneFileForBothOutputsBeforeTheRuns(@TempDir Path dir) throws Exception {
        Path gold = Files.writeString(dir.resolve("gold.jsonl"), "kept\n");
        var r = CliTestSupport.run("retail", "gold", "--tasks", "dev", "--out", gold.toString(), "--openai-out",
                gold.toString());
        assertBadInputNaming(r, "--openai-out must not be the --out file", gold, "");
        assertThat(Files.readString(gold)).isEqualTo("kept\n");
    }

    @Test
    void retailFewShotOutInAMissingFolderIsBadInputBeforeTheRebuild(@TempDir Path dir) {
        Path out = dir.resolve("missing").resolve("few-shot.json");
        var r = CliTestSupport.run("retail", "few-shot", "--out", out.toString());
        assertBadInputNaming(r, "--out", out.getParent(), "does not exist");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void dspSweepRefusesAPlotWhoseFolderIsAFileBeforeTheSweep(@TempDir Path dir) throws Exception {
        Path plot = Files.writeString(dir.resolve("plain.txt"), "x").resolve("frontier.svg");
        var r = CliTestSupport.run("dsp", "sweep", "--world", "synthetic", "--tasks", "4", "--policy", "fix-4",
                "--plot", plot.toString());
        assertBadInputNaming(r, "--plot", plot, "plain.txt is a file, not a folder");
        assertThat(r.out()).isEmpty();
    }

    /** A folder given as the plot, or a place that takes no new file, is refused before the sweep, not after it. */
    @Test
    void dspSweepRefusesAnUnwritablePlotBeforeTheSweep(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("frontier.svg"));
        var r = CliTestSupport.run("dsp", "sweep", "--world", "synthetic", "--tasks", "4", "--policy", "fix-4",
                "--plot", folder.toString());
        assertBadInputNaming(r, "--plot", folder, "it is a folder");
        assertThat(r.out()).isEmpty();
        if (Files.isDirectory(Path.of("/proc/self"))) {
            var proc = CliTestSupport.run("dsp", "sweep", "--world", "synthetic", "--tasks", "4", "--policy", "fix-4",
                    "--plot", "/proc/frontier.svg");
            assertBadInputNaming(proc, "--plot", Path.of("/proc/frontier.svg"), "cannot create a file in /proc");
            assertThat(proc.out()).isEmpty();
        }
    }

    @Test
    void dspSweepPrintsItsTableAndWritesItsReportBeforeAnUnwritablePlotFails(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        Path plot = Files.createSymbolicLink(dir.resolve("frontier.svg"), Path.of("/dev/full")); // full when written
        Path report = dir.resolve("sweep.html");
        var r = CliTestSupport.run("dsp", "sweep", "--world", "synthetic", "--tasks", "4", "--policy", "fix-4",
                "--plot", plot.toString(), "--report", report.toString());
        assertBadInputNaming(r, "--plot", plot, "No space left on device");
        assertThat(r.out()).contains("DSP sweep").contains("fix-4").contains("oracle");
        assertThat(Files.readString(report)).contains("fix-4");
    }

    /** Every command's {@code --report} is checked by {@code Main} before the command runs, not after its results. */
    @Test
    void anUnwritableReportIsRefusedBeforeTheRun(@TempDir Path dir) throws Exception {
        Path report = Files.writeString(dir.resolve("plain.txt"), "x").resolve("r.html");
        var simulate = CliTestSupport.run("simulate", "--p", "0.5", "--alpha", "2", "--beta", "1", "--steps", "3",
                "--runs", "2", "--report", report.toString());
        assertBadInputNaming(simulate, "--report", report, "plain.txt is in the way");
        assertThat(simulate.out()).isEmpty();
        var predict = CliTestSupport.run("retail", "predict", "--tasks", "dev", "--k", "1", "--report", dir.toString());
        assertBadInputNaming(predict, "--report", dir, "it is a folder");
        assertThat(predict.out()).isEmpty();
    }

    /**
     * A long run on tiny input: {@code ostune}'s report, in a place that takes no new file ({@code /proc}, where root
     * passes every permission check), was found out only after the run; a folder as the report is refused as well,
     * and missing folders are created, as the report's writer does.
     */
    @Test
    void ostuneChecksItsReportBeforeTheRun(@TempDir Path dir) throws Exception {
        if (Files.isDirectory(Path.of("/proc/self"))) {
            var proc = CliTestSupport.run("ostune", "--seconds", "5", "--quiet", "--report", "/proc/ostune.html");
            assertBadInputNaming(proc, "--report", Path.of("/proc/ostune.html"), "cannot create a file in /proc");
            assertThat(proc.out()).isEmpty();
        }
        var folder = CliTestSupport.run("ostune", "--seconds", "5", "--quiet", "--report", dir.toString());
        assertBadInputNaming(folder, "--report", dir, "it is a folder");
        assertThat(folder.out()).isEmpty();
        Path nested = dir.resolve("missing").resolve("ostune.html");
        var created = CliTestSupport.run("ostune", "--seconds", "5", "--quiet", "--report", nested.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("converged");
        assertThat(Files.readString(nested)).contains("p95 over time");
    }

    /** The demo's own --report was not checked at all: its parts ran for minutes before the write failed. */
    @Test
    void theDemoChecksItsReportBeforeAnyPart(@TempDir Path dir) throws Exception {
        var folder = CliTestSupport.run("demo", "--json", "--report", dir.toString());
        assertBadInputNaming(folder, "--report", dir, "it is a folder");
        assertThat(folder.out()).isEmpty();
        Path underFile = Files.writeString(dir.resolve("plain.txt"), "x").resolve("reports").resolve("demo.html");
        var inTheWay = CliTestSupport.run("demo", "--json", "--report", underFile.toString());
        assertBadInputNaming(inTheWay, "--report", underFile, "plain.txt is in the way");
        assertThat(inTheWay.out()).isEmpty();
    }

    /** A report written last onto another argument's file would replace a recorded trace, an input or an output. */
    @Test
    void aReportOntoAnotherOptionsFileIsRefusedBeforeTheRun(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("run.jsonl");
        var record = CliTestSupport.run("llm-demo", "--synthetic", "--replay-speed", "0", "--record", trace.toString(),
                "--report", trace.toString());
        assertBadInputNaming(record, "--report", trace, "the file of --record");
        assertThat(record.out()).isEmpty();
        assertThat(trace).doesNotExist();

        Path gold = Files.writeString(dir.resolve("gold.jsonl"), "kept\n");
        var out = CliTestSupport.run("retail", "gold", "--tasks", "dev", "--out", gold.toString(), "--report",
                dir.resolve(".").resolve("gold.jsonl").toString());
        assertBadInputNaming(out, "--report", gold.getFileName(), "the file of --out");
        assertThat(Files.readString(gold)).isEqualTo("kept\n");
    }
}
