package dev.specagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Option values at and past their bounds: the bounds are accepted, anything past them is refused naming the option. */
class ValidateTest {

    @TempDir
    Path dir;

    @Test
    void aProbabilityIsFromZeroToOneBothIncluded() {
        assertThatCode(() -> {
            Validate.probability("--p", 0);
            Validate.probability("--p", 1);
        }).doesNotThrowAnyException();
        for (double bad : new double[]{-0.001, 1.001, Double.NaN}) {
            assertThatThrownBy(() -> Validate.probability("--p", bad)).isInstanceOf(BadInputException.class)
                    .hasMessage("--p must be a probability in [0, 1], got " + bad);
        }
    }

    @Test
    void aRateIsFromOnePerMaxCallSecondsToAMillionPerSecond() {
        assertThatCode(() -> {
            Validate.positiveRate("--rate", 1e-6);
            Validate.positiveRate("--rate", 1e6);
        }).doesNotThrowAnyException();
        for (double bad : new double[]{0, 0.9e-6, 1.1e6, Double.POSITIVE_INFINITY, Double.NaN}) {
            assertThatThrownBy(() -> Validate.positiveRate("--rate", bad)).isInstanceOf(BadInputException.class)
                    .hasMessage("--rate must be a finite rate of at least 1.0E-6 and at most 1000000 per second "
                            + "(mean latency 1 us to 11.6 days), got " + bad);
        }
    }

    @Test
    void aRangeIncludesBothEnds() {
        assertThatCode(() -> {
            Validate.inRange("--k", 1, 1, 8);
            Validate.inRange("--k", 8, 1, 8);
            Validate.atLeast("--n", 1, 1);
        }).doesNotThrowAnyException();
        assertThatThrownBy(() -> Validate.inRange("--k", 0, 1, 8)).hasMessage("--k must be in 1..8, got 0");
        assertThatThrownBy(() -> Validate.inRange("--k", 9, 1, 8)).hasMessage("--k must be in 1..8, got 9");
        assertThatThrownBy(() -> Validate.atLeast("--n", 0, 1)).isInstanceOf(BadInputException.class)
                .hasMessage("--n must be at least 1, got 0");
    }

    @Test
    void oneOfNamesTheAcceptedValues() {
        assertThatCode(() -> Validate.oneOf("--fallback", "fail", List.of("fail", "live"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> Validate.oneOf("--fallback", "x", List.of("fail", "live")))
                .isInstanceOf(BadInputException.class).hasMessage("--fallback must be one of [fail, live], got 'x'");
    }

    @Test
    void sameFileSeesThroughSpellingsAndLinksButNotAcrossFiles() throws Exception {
        Path a = Files.writeString(dir.resolve("a.jsonl"), "a");
        Path b = Files.writeString(dir.resolve("b.jsonl"), "a");
        assertThat(Validate.sameFile(a, dir.resolve("x/../a.jsonl"))).isTrue();
        assertThat(Validate.sameFile(a, b)).as("two files of the same content").isFalse();
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), a);
        assertThat(Validate.sameFile(link, a)).isTrue();
        assertThat(Validate.sameFile(a, link)).isTrue();
        assertThat(Validate.sameFile(dir.resolve("missing"), a)).isFalse();
        assertThat(Validate.sameFile(a, dir.resolve("missing"))).isFalse();
    }
}
