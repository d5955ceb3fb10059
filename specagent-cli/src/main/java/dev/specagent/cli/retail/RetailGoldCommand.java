package dev.specagent.cli.retail;

import dev.specagent.cli.JsonOutput;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.AtomicFiles;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Notes;
import dev.specagent.cli.OutputFiles;
import dev.specagent.cli.Validate;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.core.data.IoErrors;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.conversations.TrajectoryBuilder;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import dev.specagent.envs.retail.tasks.GoldReplay;
import dev.specagent.envs.retail.tasks.RetailTask;
import dev.specagent.envs.retail.tasks.TaskSplit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code specagent retail gold}: runs every task's gold actions on a fresh database and writes the outputs. */
@Command(name = "gold", mixinStandardHelpOptions = true,
        description = "Runs each task's gold actions in order on a fresh database; writes one JSON line per task: "
                + "{\"task\": i, \"calls\": [{\"name\", \"kwargs\", \"output\"}...]}.",
        footer = {"", "Example:", "  specagent retail gold --tasks test --out gold-test.jsonl --report gold.html",
                "", "Exit codes: 0 success, 1 a run failed, 2 bad input."})
public final class RetailGoldCommand implements Callable<Integer> {

    @Option(names = "--tasks", defaultValue = "test", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    TaskSplit tasks;

    @Option(names = "--out", required = true, description = "the JSONL file to write")
    Path out;

    @Option(names = "--openai-out", paramLabel = "FILE",
            description = "also write the gold runs as OpenAI-format conversations (tau-bench trajectory layout: "
                    + "[{task_id, reward, traj}]) for predict-calls; tool calls and outputs only, no user messages")
    Path openaiOut;

    @Option(names = "--instruction-as-user",
            description = "in the --openai-out conversations, open each with the task's instruction as the user's "
                    + "message (a proxy for real conversations: it tells the whole request at once, in the second person)")
    boolean instructionAsUser;

    @Option(names = "--json", description = "print a JSON summary on stdout")
    boolean json;

    @CommandLine.Mixin
    ReportOption reportOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OutputFiles.requireWritable("--out", out, OutputFiles.Folders.MUST_EXIST);
        if (openaiOut != null) {
            OutputFiles.requireWritable("--openai-out", openaiOut, OutputFiles.Folders.MUST_EXIST);
            if (Validate.sameFile(out, openaiOut)) {
                throw new BadInputException("--openai-out must not be the --out file: " + openaiOut);
            }
        }
        if (instructionAsUser && openaiOut == null) {
            throw new BadInputException("--instruction-as-user needs --openai-out");
        }
        RetailDatabase fresh = RetailData.database();
        List<RetailTask> list = RetailData.tasks(tasks);
        int calls = 0;
        Map<String, Double> perTool = new TreeMap<>();
        TrajectoryBuilder conversations = new TrajectoryBuilder();
        List<String> lines = new ArrayList<>();
        for (RetailTask task : list) {
            ObjectNode line = JsonOutput.object();
            line.put("task", task.index());
            var array = line.putArray("calls");
            TrajectoryBuilder.Conversation conversation = conversations.begin(task.index(), 1.0);
            if (instructionAsUser) {
                conversation.user(task.instruction());
            }
            for (ToolCallRecord c : GoldReplay.run(task, fresh)) {
                ObjectNode call = array.addObject();
                call.put("name", c.name());
                call.set("kwargs", c.kwargs());
                call.put("output", c.output());
                conversation.call(c.name(), c.kwargs(), c.output());
                calls++;
                perTool.merge(c.name(), 1.0, Double::sum);
            }
            lines.add(JsonOutput.line(line));
        }
        try {
            AtomicFiles.write(out, w -> {
                for (String line : lines) {
                    w.write(line);
                    w.write('\n');
                }
            });
        } catch (IOException e) { // a full disk, say
            throw BadInputException.cannotWrite("--out", out, e);
        }
        if (openaiOut != null) {
            try {
                AtomicFiles.write(openaiOut, w -> w.write(conversations.toJson()));
            } catch (IOException e) {
                throw new BadInputException("--openai-out: cannot write " + openaiOut + ": " + IoErrors.reason(e)
                        + " (the gold runs are in " + out + ")", e);
            }
        }
        if (json) {
            ObjectNode summary = JsonOutput.object();
            summary.put("tasks", list.size());
            summary.put("calls", calls);
            summary.put("out", out.toString());
            if (openaiOut != null) {
                summary.put("openai_out", openaiOut.toString());
            }
            spec.commandLine().getOut().println(summary);
        } else {
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "wrote %d tasks, %d gold calls to %s%s%n", list.size(), calls, out,
                    openaiOut == null ? "" : " and their conversations in the OpenAI format to " + openaiOut);
        }
        if (reportOption.requested()) {
            HtmlReport html = new HtmlReport("specagent retail gold", list.size() + " " + tasks
                    + " tasks, " + calls + " gold calls");
            html.bars("Gold calls per tool", "How often each tool is called by the tasks' gold actions.",
                    List.copyOf(perTool.keySet()), Map.of("calls", List.copyOf(perTool.values())), "calls", "",
                    List.of());
            reportOption.write(html, Notes.writer(spec, json));
        }
        return 0;
    }
}
