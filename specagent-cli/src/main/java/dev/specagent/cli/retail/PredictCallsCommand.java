package dev.specagent.cli.retail;

import dev.specagent.cli.Notes;
import dev.specagent.cli.llm.CallsUnderWay;
import dev.specagent.cli.JsonOutput;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Main;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.Validate;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.envs.retail.conversations.ConversationReader;
import dev.specagent.envs.retail.speculate.DataFlowSpeculator;
import dev.specagent.envs.retail.speculate.LlmCallSpeculator;
import dev.specagent.envs.retail.speculate.RecallingSpeculator;
import dev.specagent.envs.retail.speculate.PredictionReplay;
import dev.specagent.envs.retail.speculate.PredictionTally;
import dev.specagent.envs.retail.speculate.Transcript;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code specagent predict-calls}: the paper's API-call prediction over recorded agent conversations of any
 * domain (OpenAI message format).
 */
@Command(name = "predict-calls", mixinStandardHelpOptions = true,
        description = {"Runs a speculator over recorded agent conversations in the OpenAI message format (a JSON array of "
                + "{task_id, reward, traj: [messages]} as in tau-bench's historical trajectories, or one conversation per "
                + "JSONL line). Before every assistant tool call the speculator sees the conversation so far and proposes k "
                + "calls. Prints the accuracy (same name and JSON-equal arguments, over all tool calls), per tool, what the "
                + "LLM speculator spent (tokens, dollars), and the numbers of conversations and calls. The learned speculator starts knowing nothing and learns online, "
                + "conversation after conversation: how values flow into arguments, and what came next at the same "
                + "point of earlier conversations."},
        footer = {"", "Examples:", "  specagent predict-calls --conversations trajectories.json --speculator learned --k 3",
                "  specagent predict-calls --conversations runs.jsonl --k 1 --json --report calls.html",
                "  specagent predict-calls --conversations runs.jsonl --speculator llm --llm-endpoint http://localhost:8000/v1 "
                        + "--llm-models qwen2.5-7b-instruct --api-key-env none --prices prices.json   (prints what it spent)",
                "", "Exit codes: 0 success, 1 a run failed, 2 bad input (option or conversation file)."})
public final class PredictCallsCommand implements Callable<Integer> {

    @Option(names = "--conversations", required = true, description = "the JSON or JSONL file of conversations (gzip-compressed too)")
    Path conversations;

    @Mixin
    SpeculatorOptions speculator;

    @Option(names = "--json", description = "print one JSON object: accuracy, per_tool, conversations, calls, and the "
            + "speculator's prompt_tokens, completion_tokens and cost_usd (0 for the learned speculator)")
    boolean json;

    @Mixin
    ReportOption reportOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        speculator.validate();
        Validate.notTheInput("--llm-record", speculator.llmRecord, "--conversations", conversations);
        // a pipe is read as a file: --conversations <(zcat export.jsonl.gz) was "no such file /dev/fd/63"
        if (Files.isDirectory(conversations) || !Files.exists(conversations)) {
            throw new BadInputException("--conversations: " + (Files.isDirectory(conversations)
                    ? conversations + " is a folder, not a file of conversations" : "no such file " + conversations));
        }
        PrintWriter err = spec.commandLine().getErr();
        List<String> unparsed = new ArrayList<>();
        // the speculator opens first, so a missing API key is reported before the file's warnings
        try (SpeculatorSetup setup = speculator.open(null,
                recall -> recall ? new RecallingSpeculator(DataFlowSpeculator.untrained()) : DataFlowSpeculator.untrained())) {
            List<Transcript> transcripts = ConversationReader.read(conversations, problem -> {
                unparsed.add(problem);
                err.println("warning: " + problem + "; the call counts as a miss");
            });
            if (transcripts.stream().allMatch(t -> t.calls().isEmpty())) {
                throw new BadInputException("--conversations: " + conversations
                        + " holds no assistant tool call to predict (" + transcripts.size()
                        + (transcripts.size() == 1 ? " conversation)" : " conversations)"));
            }
            AtomicReference<PredictionTally> finished = new AtomicReference<>(new PredictionTally());
            // Ctrl-C or SIGTERM: the hook prints the figures of the conversations finished so far
            try (SignalHook signal = SignalHook.report("predict-calls", () -> {
                PredictionTally done = finished.get();
                String stopped = PredictionPrinter.stopped(done.conversations(), transcripts.size(), "conversations");
                print(done, setup.spentAtSignal(), List.of(), null, stopped);
                reportOption.sayNotWritten(err, stopped);
            })) {
                PredictionTally tally;
                try (Progress bar = Progress.start("predict-calls (conversations)", transcripts.size(), err)) {
                    tally = PredictionReplay.run(transcripts, setup.speculator(), speculator.k(), true, soFar -> {
                        finished.set(soFar.copy());
                        bar.step();
                    });
                }
                if (!signal.claim()) {
                    return Main.EXIT_RUN_FAILED; // a signal's hook printed the conversations finished; the JVM is ending
                }
                print(tally, new CallsUnderWay.Snapshot(0, setup.spent()), setup.memberTallies(), unparsed, null);
                if (reportOption.requested()) {
                    HtmlReport html = new HtmlReport("specagent predict-calls", conversations + ": "
                            + tally.conversations() + " conversations, speculator " + speculator.kind() + ", k="
                            + speculator.k());
                    RetailReportSections.perToolAccuracy(html, "Prediction accuracy per tool", tally, speculator.k(),
                            SpeculatorSpend.line(speculator.kind(), setup.spent()));
                    reportOption.write(html, Notes.writer(spec, json));
                }
            }
        }
        return 0;
    }

    /**
     * The figures of {@code tally}: all of them, or (when {@code stopped} says why the run ended early) those of the
     * conversations finished, without the count of unparsed calls (known for the whole file only), and with what the
     * speculator's calls under way had consumed in its spend.
     */
    private void print(PredictionTally tally, CallsUnderWay.Snapshot spent,
                       List<LlmCallSpeculator.MemberTally> members, List<String> unparsed, String stopped) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("accuracy", PredictionPrinter.accuracy(tally));
            o.set("per_tool", tally.perToolJson());
            o.put("conversations", tally.conversations());
            o.put("calls", tally.calls());
            o.put("hits", tally.hits());
            if (unparsed != null) {
                o.put("unparsed_calls", unparsed.size());
            }
            o.put("k", speculator.k());
            o.put("speculator", speculator.kind().toString());
            SpeculatorSpend.putJson(o, spent.spent());
            MemberFailures.putJson(o, members);
            if (stopped != null) {
                SpeculatorSpend.putCallsUnderWay(o, spent);
                o.put("stopped", stopped);
            }
            out.println(o);
        } else {
            if (stopped != null) {
                out.println(stopped);
            }
            out.printf(Locale.ROOT, "predict-calls: %d conversations, %d tool calls, speculator %s, k=%d%n",
                    tally.conversations(), tally.calls(), speculator.kind(), speculator.k());
            PredictionPrinter.print(out, tally, speculator.k());
            if (stopped != null) {
                SpeculatorSpend.printStopped(out, speculator.kind(), spent);
            } else {
                SpeculatorSpend.print(out, speculator.kind(), spent.spent());
            }
            MemberFailures.print(out, members);
            if (unparsed != null && !unparsed.isEmpty()) {
                out.printf(Locale.ROOT,
                        "%d calls whose recorded arguments are not a JSON object counted as misses (see the warnings)%n",
                        unparsed.size());
            }
        }
        out.flush();
    }
}
