package dev.specagent.envs.retail.json;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PyNumber} against CPython 3.11 on {@code json.loads} values: results written with {@code json.dumps}, so an
 * int stays {@code 61} and a float is {@code 61.0}; bools count as the ints 1 and 0. Expected values from CPython.
 */
class PyNumberTest {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    @ParameterizedTest(name = "{0} {1} {2} = {3}")
    @CsvSource(delimiter = '|', value = {
            "60 | + | 1 | 61", "60 | + | 1.5 | 61.5", "1.5 | + | 60 | 61.5", "0.1 | + | 0.2 | 0.30000000000000004",
            "100000000000000000000 | + | 1 | 100000000000000000001", "true | + | 1 | 2", "true | + | 1.5 | 2.5",
            "60 | - | 1 | 59", "1 | - | 0.5 | 0.5", "0.3 | - | 0.1 | 0.19999999999999998",
            "100000000000000000001 | - | 100000000000000000000 | 1", "1.5 | - | true | 0.5", "true | - | true | 0"})
    void addAndSubtractKeepIntsInts(String a, String op, String b, String python) throws Exception {
        JsonNode x = MAPPER.readTree(a);
        JsonNode y = MAPPER.readTree(b);
        assertThat(PyJson.dumps(op.equals("+") ? PyNumber.add(x, y) : PyNumber.subtract(x, y))).isEqualTo(python);
    }

    @ParameterizedTest(name = "abs({0}) = {1}, round({0}, 2) = {2}")
    @CsvSource(delimiter = '|', value = {
            "-5 | 5 | -5", "5 | 5 | 5", "0 | 0 | 0", "-2.5 | 2.5 | -2.5", "-0.0 | 0.0 | -0.0", "2.675 | 2.675 | 2.67",
            "1.005 | 1.005 | 1.0", "-0.001 | 0.001 | -0.0", "0.125 | 0.125 | 0.12", "true | 1 | 1", "false | 0 | 0"})
    void absAndRoundToCents(String a, String abs, String round) throws Exception {
        assertThat(PyJson.dumps(PyNumber.abs(MAPPER.readTree(a)))).isEqualTo(abs);
        assertThat(PyJson.dumps(PyNumber.round2(MAPPER.readTree(a)))).isEqualTo(round);
    }

    @ParameterizedTest(name = "{0} < {1} is {2}")
    @CsvSource(delimiter = '|', value = {
            "1 | 2 | true", "2 | 1 | false", "1 | 1 | false", "1 | 1.5 | true", "1.5 | 1 | false", "1.0 | 1 | false",
            "100000000000000000000 | 100000000000000000001 | true", "true | 2 | true", "0.5 | true | true",
            // an int and a float are compared exactly, not as two doubles
            "9007199254740992.0 | 9007199254740993 | true", "9007199254740993 | 9007199254740992.0 | false",
            "9007199254740995 | 9007199254740996.0 | true", "9007199254740996.0 | 9007199254740995 | false",
            "NaN | 1 | false", "1 | NaN | false", "1 | Infinity | true", "Infinity | 1 | false", "-Infinity | -1 | true",
            "1.5 | 1.5 | false", "-Infinity | 1.0 | true", "1.0 | NaN | false"})
    void lessAsPythonCompares(String a, String b, boolean python) throws Exception {
        assertThat(PyNumber.less(MAPPER.readTree(a), MAPPER.readTree(b))).isEqualTo(python);
    }

    @ParameterizedTest(name = "{0} > 0 is {1}")
    @CsvSource({"0, false", "1, true", "-1, false", "0.0, false", "0.5, true", "-0.5, false", "true, true",
            "false, false"})
    void positiveAsPythonCompares(String a, boolean python) throws Exception {
        assertThat(PyNumber.positive(MAPPER.readTree(a))).isEqualTo(python);
    }

    @Test
    void zeroIsTheIntZero() {
        assertThat(PyJson.dumps(PyNumber.zero())).isEqualTo("0");
    }
}
