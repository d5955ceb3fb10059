package dev.specagent.cli;

import dev.specagent.core.planning.depth.PredictorSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class MainTest {

    @Test
    void theProjectsIllegalArgumentIsBadInput() {
        Throwable malformed = catchThrowable(() -> PredictorSettings.of(2.0, 0));

        assertThat(malformed).isInstanceOf(IllegalArgumentException.class);
        assertThat(Main.isBadInput(malformed)).isTrue();
        assertThat(Main.isBadInput(new BadInputException("--k must be positive"))).isTrue();
    }

    @Test
    void anIllegalArgumentThrownInsideTheJdkIsABugNotBadInput() {
        Throwable fromEnum = catchThrowable(() -> Thread.State.valueOf("NOPE"));
        Throwable fromParse = catchThrowable(() -> Integer.parseInt("x"));

        assertThat(Main.isBadInput(fromEnum)).isFalse();
        assertThat(Main.isBadInput(fromParse)).isFalse();
    }

    @Test
    void aBugExitsAsAFailedRunWithItsClassName() throws Exception {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        Exception bug = (Exception) catchThrowable(() -> Thread.State.valueOf("NOPE"));

        int code = cli.getExecutionExceptionHandler().handleExecutionException(bug, cli, null);

        assertThat(code).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(err.toString()).contains("java.lang.IllegalArgumentException").contains("SPECAGENT_DEBUG");
    }

    @Test
    void badInputExitsWithTwoAndTheMessageAlone() throws Exception {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        Exception malformed = (Exception) catchThrowable(() -> PredictorSettings.of(2.0, 0));

        int code = cli.getExecutionExceptionHandler().handleExecutionException(malformed, cli, null);

        assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString()).isEqualTo("specagent: PredictorSettings.tau must be in (0, 1), was 2.0" + System.lineSeparator());
    }
}
