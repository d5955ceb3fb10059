package dev.specagent.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CliTestSupport.Result#json()}: stdout under {@code --json} is one JSON value and nothing else; a child JVM that
 * does not end fails the test at its timeout.
 */
class CliTestSupportTest {

    private static CliTestSupport.Result stdout(String out) {
        return new CliTestSupport.Result(0, out, "a note on stderr");
    }

    @Test
    void oneValueWithWhiteSpaceAfterItIsRead() throws Exception {
        assertThat(stdout("{\"a\": 1}\n").json().get("a").asInt()).isEqualTo(1);
        assertThat(stdout("  [1, 2]\r\n\n").json()).hasSize(2);
    }

    @Test
    void aNoteAfterTheJsonFailsTheTestShowingStdout() {
        // leaked notes went unnoticed: the JSON was read and the rest of stdout dropped
        assertThatThrownBy(() -> stdout("{\"a\": 1}\nreport: /tmp/r.html\n").json()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("stdout is not exactly one JSON value (line 2, column ")
                .hasMessageContaining("report: /tmp/r.html").hasMessageContaining("a note on stderr");
        assertThatThrownBy(() -> stdout("{\"a\": 1}\n{\"b\": 2}\n").json()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("a second JSON value follows the first");
    }

    @Test
    void emptyStdoutFailsTheTest() {
        assertThatThrownBy(() -> stdout(" \n").json()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("stdout is empty, expected one JSON value");
    }

    @Test
    void aChildThatDoesNotEndFailsTheTestAtItsTimeout() {
        // a simulation of about 25 minutes: before, the wait began only once the child closed its stdout
        long start = System.nanoTime();
        assertThatThrownBy(() -> CliTestSupport.runInChildJvm(List.of(), Map.of(),
                Duration.ofSeconds(2), "simulate", "--p", "0.7", "--alpha", "5", "--beta", "1",
                "--steps", "1000", "--runs", "10000", "--k", "3"))
                .isInstanceOf(AssertionError.class).hasMessageStartingWith("specagent simulate --p 0.7")
                .hasMessageContaining("did not end within 2 s");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
    }
}
