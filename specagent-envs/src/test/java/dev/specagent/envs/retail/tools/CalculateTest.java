package dev.specagent.envs.retail.tools;

import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.RetailData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code calculate} against CPython 3.11's {@code str(round(float(eval(e)), 2))}, expected values from CPython. */
class CalculateTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2+2|4.0", "(1+2)*3/4|2.25", "10 // 3|3.0", "-7 // 2|-4.0", "2 ** 10|1024.0", "2 ** -1|0.5",
            "1/0|Error: division by zero", "1.0/0|Error: float division by zero",
            "5 // 0|Error: integer division or modulo by zero", "1.5 // 0|Error: float floor division by zero",
            "0 ** -1|Error: 0.0 cannot be raised to a negative power",
            "(1|Error: '(' was never closed (<string>, line 1)", "1 2|Error: invalid syntax (<string>, line 1)",
            "()|Error: float() argument must be a string or a real number, not 'tuple'", "2.675*1|2.67",
            "100 - 0.1*3|99.7", "3.14159*2|6.28", "1/3|0.33", "-0.001|-0.0", "0.005+0|0.01", "1.005*1|1.0",
            "1e5|Error: invalid characters in expression",
            // floor division from fmod as CPython does it, not floor(x / y)
            "3 // 0.1|29.0", "1//0.1|9.0",
            // str() of a float, not JSON
            "1.5*10**308*10|inf", "-1.5*10**308*10|-inf", "1.5*10**308*10 - 1.5*10**308*10|nan",
            // the whole text is compiled before any of it runs
            "(10 / 0|Error: '(' was never closed (<string>, line 1)", "10 / 0 +|Error: invalid syntax (<string>, line 1)",
            "2 (3 + 4)|Error: 'int' object is not callable", "2 (1 / 0)|Error: division by zero",
            "(1 2)|Error: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)",
            "1)|Error: unmatched ')' (<string>, line 1)", "''|Error: invalid syntax (<string>, line 0)",
            "(-4) ** 0.5|Error: float() argument must be a string or a real number, not 'complex'",
            "-2 ** 2|-4.0", ".5 + 5.|5.5"})
    void matchesPython(String expression, String expected) {
        ToolResult r = RetailTools.execute(RetailData.database(), "calculate",
                CanonicalJson.object("expression", expression));
        assertThat(r.output()).isEqualTo(expected);
    }
}
