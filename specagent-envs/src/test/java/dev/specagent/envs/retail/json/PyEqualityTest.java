package dev.specagent.envs.retail.json;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PyEquality} against CPython 3.11's {@code json.loads(a) == json.loads(b)}, expected answers from CPython. */
class PyEqualityTest {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build(); // NaN and Infinity, as json.loads reads them

    @ParameterizedTest(name = "{0} == {1} is {2}")
    @CsvSource(delimiter = '|', value = {
            // numbers by value across int, float and bool; an int and a float exactly
            "1 | 1.0 | true", "1 | true | true", "true | 1.0 | true", "0 | false | true", "2 | true | false",
            "true | false | false", "1.5 | 1.5 | true", "1.5 | 2.5 | false", "NaN | NaN | false",
            "1e20 | 100000000000000000000 | true", "9007199254740993 | 9007199254740992.0 | false",
            "Infinity | Infinity | true", "Infinity | 1 | false", "0.0 | -0.0 | true", "0.5 | 0 | false",
            // strings by content, never equal to a number; None only to None
            "'\"a\"' | '\"a\"' | true", "'\"12345\"' | '\"54321\"' | false", "'\"1\"' | 1 | false",
            "null | null | true", "null | 0 | false", "null | [] | false",
            // lists element by element, dicts by keys and values in any order
            "[] | [] | true", "[1] | [1, 2] | false", "[1, 2] | [1, 3] | false", "[1, 2] | [1.0, 2] | true",
            "[1, 2] | [1.0, true] | false", "[[1]] | [[2]] | false",
            "'{\"a\": 1}' | '{\"a\": 1.0}' | true", "'{\"a\": 1}' | '{\"b\": 1}' | false",
            "'{\"a\": 1}' | '{\"a\": 1, \"b\": 2}' | false", "'{\"a\": 1, \"b\": 2}' | '{\"b\": 2, \"a\": 1}' | true",
            "'{\"a\": 1}' | '{\"a\": 2}' | false", "[] | {} | false", "'{\"a\": null}' | '{\"b\": null}' | false"})
    void equalAsPythonCompares(String a, String b, boolean python) throws Exception {
        assertThat(PyEquality.equal(MAPPER.readTree(a), MAPPER.readTree(b))).isEqualTo(python);
        assertThat(PyEquality.equal(MAPPER.readTree(b), MAPPER.readTree(a))).as("symmetric").isEqualTo(python);
    }
}
