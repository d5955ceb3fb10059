package dev.specagent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One run of {@code specagent demo --json --report target/demo-test.html}, shared by the tests that
 * look at its output and at its report, so the demo runs once per test JVM.
 */
public final class DemoRun {

    /** Where the run writes its report. */
    public static final Path REPORT = Path.of("target/demo-test.html");

    private static CliTestSupport.Result result;

    private DemoRun() {
    }

    /** The run's result, running the demo the first time. */
    public static synchronized CliTestSupport.Result result() throws IOException {
        if (result == null) {
            Files.deleteIfExists(REPORT);
            result = CliTestSupport.run("demo", "--json", "--report", REPORT.toString());
        }
        return result;
    }
}
