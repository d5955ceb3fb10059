package dev.specagent.cli.retail;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code specagent retail}: the τ-bench retail environment (gold runs and call prediction). */
@Command(name = "retail", mixinStandardHelpOptions = true,
        description = "τ-bench retail: the 16 tools over a copy-on-write database, gold runs and speculation of tool calls.",
        subcommands = {RetailGoldCommand.class, RetailPredictCommand.class, RetailFewShotCommand.class},
        footer = {"", "Examples:", "  specagent retail gold --tasks test --out gold.jsonl",
                "  specagent retail predict --tasks test --speculator learned --k 3",
                "  specagent retail few-shot --out few-shot.json"})
public final class RetailCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
