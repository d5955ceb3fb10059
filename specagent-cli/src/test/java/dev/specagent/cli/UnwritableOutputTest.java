package dev.specagent.cli;

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
                "--out", folder, "Is a directory");
    }

    @Test
    void retailGoldOpenaiOutThatFailsKeepsTheGoldFileAndSaysWhereItIs(@TempDir Path dir) throws Exception {
        Path gold = dir.resolve("gold.jsonl");
        Path folder = Files.createDirectory(dir.resolve("openai.json"));
        var r = CliTestSupport.run("retail", "gold", "--tasks", "dev", "--out", gold.toString(), "--openai-out",
                folder.toString());
        assertBadInputNaming(r, "--openai-out", folder, "Is a directory");
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

    @Test
    void dspSweepPrintsItsTableAndWritesItsReportBeforeAnUnwritablePlotFails(@TempDir Path dir) throws Exception {
        Path plot = Files.createDirectory(dir.resolve("frontier.svg"));
        Path report = dir.resolve("sweep.html");
        var r = CliTestSupport.run("dsp", "sweep", "--world", "synthetic", "--tasks", "4", "--policy", "fix-4",
                "--plot", plot.toString(), "--report", report.toString());
        assertBadInputNaming(r, "--plot", plot, "Is a directory");
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
