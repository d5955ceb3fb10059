package dev.specagent.cli.demo;

import dev.specagent.cli.CliTestSupport;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/** Runs the demo with one part on a data folder of the test's own (the {@code specagent.data} property, restored). */
final class DemoPartRun {

    /** The demo's exit code and standard output. */
    record Result(int exitCode, String out) {
    }

    private DemoPartRun() {
    }

    static Result run(Path data, DemoPart part, String... args) {
        DemoCommand demo = new DemoCommand();
        demo.parts = List.of(part);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(demo);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return CliTestSupport.withData(data, () -> new Result(cli.execute(args), out.toString()));
    }
}
