package dev.specagent.core.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** JSON errors of data files read as "line, column: what", without Jackson's source block. */
class JsonErrorsTest {

    private static IOException parseError(Path file) {
        return catchThrowableOfType(IOException.class, () -> new ObjectMapper().readTree(file.toFile()));
    }

    @Test
    void aTruncatedFileGivesLineColumnAndWhatWithoutTheSourceBlock(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cut.json"), "{\n  \"a\": [1, 2,\n  \"b");
        String message = JsonErrors.describe(parseError(file));
        assertThat(message).startsWith("line 3, column ").contains("Unexpected end-of-input")
                .doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("StreamReadFeature");
    }

    @Test
    void theStartMarkerOfAnUnclosedObjectKeepsItsPlace(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("open.json"), "\n{\"a\": 1\n");
        String message = JsonErrors.describe(parseError(file));
        assertThat(message).contains("line 2, column 1").doesNotContain("REDACTED");
    }

    @Test
    void aReaderLimitIsNamedWithoutTheLibraryMethodBehindIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("deep.json"), "[".repeat(1500) + "]".repeat(1500));
        String message = JsonErrors.describe(parseError(file));
        assertThat(message).contains("nesting depth (1001) exceeds the maximum allowed (1000)")
                .doesNotContain("StreamReadConstraints").doesNotContain("`");
    }

    @Test
    void aSecondValueIsNamedWithoutTheLibrarySettingThatRefusedIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("two.json"), "{\"a\": 1}\n[2]\n");
        IOException e = catchThrowableOfType(IOException.class, () -> new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(file.toFile()));
        assertThat(JsonErrors.describe(e))
                .isEqualTo("line 2, column 1: a second JSON value follows the first (only one is allowed)");
    }

    @Test
    void otherIoErrorsKeepTheirMessage(@TempDir Path dir) {
        assertThat(JsonErrors.describe(parseError(dir))).contains(dir.toString());
    }

    @Test
    void nonStandardJsonIsNamedWithoutTheParserFeatureThatWouldAllowIt(@TempDir Path dir) throws Exception {
        // Jackson suggests "enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow" and "Feature 'ALLOW_COMMENTS'
        // not enabled for parser": library settings a user of the command cannot change
        for (String[] c : new String[][]{{"{\"a\": NaN}", "Non-standard token 'NaN'"}, {"{\"a\": 1 // x\n}", "comment"},
                {"{'a': 1}", "double-quote"}, {"{\"a\": 01}", "Leading zeroes"}}) {
            Path file = Files.writeString(dir.resolve("odd.json"), c[0]);
            String message = JsonErrors.describe(parseError(file));
            assertThat(message).as(c[0]).startsWith("line 1, column ").contains(c[1]).doesNotContain("Feature")
                    .doesNotContain("enable").doesNotContainPattern("[A-Z_]{2,}_[A-Z_]+");
        }
    }
}
