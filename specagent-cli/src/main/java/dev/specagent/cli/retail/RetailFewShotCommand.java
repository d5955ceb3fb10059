package dev.specagent.cli.retail;

import dev.specagent.cli.JsonOutput;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.AtomicFiles;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Notes;
import dev.specagent.cli.OutputFiles;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.conversations.FewShotConversations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/**
 * {@code specagent retail few-shot}: rebuilds τ-bench's recorded few-shot conversations, whose display hides the
 * tool calls, as OpenAI-format conversations with the calls recovered from their outputs.
 */
@Command(name = "few-shot", mixinStandardHelpOptions = true,
        description = "Rebuilds tau-bench's 69 recorded retail conversations (few_shot_trajectories.jsonl: real "
                + "customer and agent words, every tool call displayed only by its output) as OpenAI-format "
                + "conversations for predict-calls. Each call is recovered from its output (an order shown first "
                + "was read, an order that changed was written and the change names the write's arguments, a "
                + "user id answers a look-up by an e-mail or the name and a zip code the customer gave, the latest "
                + "one whose look-up on the retail database gives that id); a call its "
                + "output does not determine (calculate, think, a transfer, most errors) keeps its likely name "
                + "and arguments that are not JSON, so predict-calls counts it as a miss.",
        footer = {"", "Example:", "  specagent retail few-shot --out few-shot.json --report few-shot.html",
                "  specagent predict-calls --conversations few-shot.json --k 3",
                "", "Exit codes: 0 success, 2 bad input."})
public final class RetailFewShotCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "FILE.json",
            description = "the conversations file to write (tau-bench trajectory layout: [{task_id, reward, traj}])")
    Path out;

    @Option(names = "--json", description = "print a JSON summary on stdout")
    boolean json;

    @CommandLine.Mixin
    ReportOption reportOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OutputFiles.requireWritable("--out", out, OutputFiles.Folders.MUST_EXIST);
        Path file = RetailData.folder().resolve("few_shot_trajectories.jsonl");
        FewShotConversations.Rebuilt rebuilt = FewShotConversations.read(file, RetailData.database());
        try {
            AtomicFiles.write(out, w -> w.write(rebuilt.trajectories().toJson()));
        } catch (IOException e) {
            throw BadInputException.cannotWrite("--out", out, e);
        }
        StringJoiner missing = new StringJoiner(", ");
        ObjectNode perTool = JsonOutput.object();
        List<Double> recovered = new ArrayList<>();
        List<Double> notRecovered = new ArrayList<>();
        rebuilt.perTool().forEach((tool, count) -> {
            perTool.putObject(tool).put("calls", count[1]).put("recovered", count[0]);
            recovered.add((double) count[0]);
            notRecovered.add((double) (count[1] - count[0]));
            if (count[0] < count[1]) {
                missing.add(tool + " " + (count[1] - count[0]));
            }
        });
        int conversations = rebuilt.trajectories().size();
        if (json) {
            ObjectNode summary = JsonOutput.object();
            summary.put("conversations", conversations);
            summary.put("calls", rebuilt.calls());
            summary.put("recovered", rebuilt.recovered());
            summary.set("per_tool", perTool);
            summary.put("out", out.toString());
            spec.commandLine().getOut().println(summary);
        } else {
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d conversations, %d tool calls to %s%n"
                            + "recovered from their outputs: %d calls; not recovered (counted as misses by "
                            + "predict-calls): %s%n",
                    conversations, rebuilt.calls(), out, rebuilt.recovered(), missing);
        }
        if (reportOption.requested()) {
            HtmlReport html = new HtmlReport("specagent retail few-shot", conversations + " recorded conversations, "
                    + rebuilt.calls() + " tool calls, " + rebuilt.recovered() + " recovered from their outputs");
            Map<String, List<Double>> series = new LinkedHashMap<>();
            series.put("recovered", recovered);
            series.put("not recovered", notRecovered);
            html.bars("Calls per tool", "How many calls of each tool the outputs determine; the others count as "
                    + "misses in predict-calls.", List.copyOf(rebuilt.perTool().keySet()), series, "calls", "", List.of());
            reportOption.write(html, Notes.writer(spec, json));
        }
        return 0;
    }
}
