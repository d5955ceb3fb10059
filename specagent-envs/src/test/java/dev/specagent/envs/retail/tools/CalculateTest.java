package dev.specagent.envs.retail.tools;

import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.RetailData;
import org.junit.jupiter.api.Test;
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
        assertThat(calculate(expression)).isEqualTo(expected);
    }

    /** Found by a differential run against the reference tool; expected strings from CPython 3.11. */
    @Test
    void syntaxErrorsEmptyTuplesEllipsisCallsAndHugeQuotientsAsCPython() {
        String[][] cases = {
                {"1 + )", "Error: unmatched ')' (<string>, line 1)"},
                {"/45+06210*1", "Error: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (<string>, line 1)"},
                {"(1 +", "Error: '(' was never closed (<string>, line 1)"},
                {"387-9-(54 2", "Error: '(' was never closed (<string>, line 1)"},
                {"(1 2 3", "Error: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)"},
                {"-(   5 6+ )6", "Error: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)"},
                {"(13)54944(1 4", "Error: invalid syntax (<string>, line 1)"},
                {"1/4(953 .", "Error: '(' was never closed (<string>, line 1)"},
                {"1 2 (", "Error: '(' was never closed (<string>, line 1)"},
                {"(94 4)318)516)", "Error: unmatched ')' (<string>, line 1)"},
                {"(*7)", "Error: cannot use starred expression here (<string>, line 1)"},
                {"(**7)", "Error: cannot use double starred expression here (<string>, line 1)"},
                {"+(*7)/", "Error: cannot use starred expression here (<string>, line 1)"},
                {"(*2 0)+35+4.", "Error: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)"},
                {"1 . 5", "Error: invalid syntax (<string>, line 1)"},
                {"()()", "Error: 'tuple' object is not callable"},
                {"()+1", "Error: can only concatenate tuple (not \"int\") to tuple"},
                {"1+()", "Error: unsupported operand type(s) for +: 'int' and 'tuple'"},
                {"()+()", "Error: float() argument must be a string or a real number, not 'tuple'"},
                {"-()", "Error: bad operand type for unary -: 'tuple'"},
                {"+()", "Error: bad operand type for unary +: 'tuple'"},
                {"()*2", "Error: float() argument must be a string or a real number, not 'tuple'"},
                {"()*2.0", "Error: can't multiply sequence by non-int of type 'float'"},
                {"()*10**100", "Error: cannot fit 'int' into an index-sized integer"},
                {"()/2", "Error: unsupported operand type(s) for /: 'tuple' and 'int'"},
                {"()//2", "Error: unsupported operand type(s) for //: 'tuple' and 'int'"},
                {"()**2", "Error: unsupported operand type(s) for ** or pow(): 'tuple' and 'int'"},
                {"()-5992(190 )", "Error: 'int' object is not callable"},
                {"...", "Error: float() argument must be a string or a real number, not 'ellipsis'"},
                {"...+1", "Error: unsupported operand type(s) for +: 'ellipsis' and 'int'"},
                {"()*...", "Error: can't multiply sequence by non-int of type 'ellipsis'"},
                {"1(*2)", "Error: 1 argument after * must be an iterable, not int"},
                {"1(**())", "Error: 1 argument after ** must be a mapping, not tuple"},
                {"2.5(*())", "Error: 'float' object is not callable"},
                {"10**400/3", "Error: integer division result too large for a float"},
                {"-(10**400)/1", "Error: integer division result too large for a float"},
                {"10**400/10**399", "10.0"},
                {"10**400/0.0", "Error: int too large to convert to float"}
        };
        for (String[] c : cases) {
            assertThat(calculate(c[0])).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(calculate("(".repeat(201) + "1" + ")".repeat(201)))
                .isEqualTo("Error: too many nested parentheses (<string>, line 1)");
        assertThat(calculate("(".repeat(200) + "1" + ")".repeat(200))).isEqualTo("1.0");
    }

    /** Each operator on ints, floats, complex results and {@code ()}, and where a nesting depth shows in a message. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+2|2.0", "+-2|-2.0", "3 * 0.1|0.3", "2*1.5|3.0", "7.5/2|3.75", "2 ** -2|0.25", "(-2) ** -1|-0.5",
            "(-8) ** 2.0|64.0", "(-2.0) ** 3|-8.0", "0**0|1.0", "5**0|1.0", "00|0.0", "00 + 1|1.0",
            "0.0 ** 0.5|0.0", "0 ** 0.5|0.0", "0.0 ** 0|1.0", "0 ** 0.0|1.0",
            // an int product is exact before float() rounds it once
            "(2**53+1)*(2**53+1)|8.11296384146067e+31",
            // floor division of floats by sign, a zero quotient keeping the sign of x / y, and CPython's rounding up
            // of a quotient just below a whole number
            "-7.5 // 2|-4.0", "7.5 // -2|-4.0", "-7.5 // -2|3.0", "7 // -2.0|-4.0", "0.5 // 2|0.0", "-0.5 // 2|-1.0",
            "0.0 // -2|-0.0", "0 // -2.0|-0.0", "1252.318 // 20.54|60.0", "-1252.318 // -20.54|60.0",
            "1252.318 // -20.54|-61.0",
            // complex values from a negative base to a fractional power pass through every operator
            "(-4)**0.5 + 1|Error: float() argument must be a string or a real number, not 'complex'",
            "(-4)**0.5 - 1|Error: float() argument must be a string or a real number, not 'complex'",
            "(-4)**0.5*2|Error: float() argument must be a string or a real number, not 'complex'",
            "(-4)**0.5/2|Error: float() argument must be a string or a real number, not 'complex'",
            "1/(-4)**0.5|Error: float() argument must be a string or a real number, not 'complex'",
            "((-4)**0.5)**2|Error: float() argument must be a string or a real number, not 'complex'",
            "2**((-4)**0.5)|Error: float() argument must be a string or a real number, not 'complex'",
            "(-8.0) ** (1/3)|Error: float() argument must be a string or a real number, not 'complex'",
            "(-4)**0.5/0|Error: complex division by zero", "(-4)**0.5/0.0|Error: complex division by zero",
            "0.0 ** -1|Error: 0.0 cannot be raised to a negative power",
            "0.0 ** -0.5|Error: 0.0 cannot be raised to a negative power",
            "10.0 ** 400|Error: (34, 'Numerical result out of range')",
            "10 ** 400.0|Error: (34, 'Numerical result out of range')",
            // () repeated: the count must fit a C ssize_t
            "()*2**62|Error: float() argument must be a string or a real number, not 'tuple'",
            "()*(2**63-1)|Error: float() argument must be a string or a real number, not 'tuple'",
            "()*-2**63|Error: float() argument must be a string or a real number, not 'tuple'",
            "()*2**63|Error: cannot fit 'int' into an index-sized integer",
            // the comma hint only inside parentheses, whatever calls and () came before
            "1 ...|Error: invalid syntax (<string>, line 1)",
            "(1 ...)|Error: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)",
            "... 1|Error: invalid syntax (<string>, line 1)",
            "(2(3) 4)|Error: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)",
            "2(3) 4|Error: invalid syntax (<string>, line 1)", "() 4|Error: invalid syntax (<string>, line 1)",
            "(() 4)|Error: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)",
            "0 0|Error: invalid syntax (<string>, line 1)"})
    void operatorsOnEveryKindOfOperandAsCPython(String expression, String expected) {
        assertThat(calculate(expression)).isEqualTo(expected);
    }

    @Test
    void powersOfZeroAndOneWithHugeExponentsAreExactAsInPython() {
        // cheap for CPython whatever the exponent; expected values from CPython 3.11
        assertThat(calculate("1**1073741824")).isEqualTo("1.0");
        assertThat(calculate("1**2147483648")).isEqualTo("1.0");
        assertThat(calculate("(-1)**2147483649")).isEqualTo("-1.0");
        assertThat(calculate("(-1)**2147483648")).isEqualTo("1.0");
        assertThat(calculate("0**2147483648")).isEqualTo("0.0");
    }

    /** Found by a differential run; expected strings from CPython 3.11 (float_pow's special cases, in its order). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(10.0**308*10) ** 0.5|inf", "(-(10.0**308*10)) ** 0.5|inf", "(-(10.0**308*10)) ** 3|-inf",
            "(-(10.0**308*10)) ** -0.5|0.0", "(-(10.0**308*10)) ** -3|-0.0",
            "1 ** (10.0**308*10)|1.0", "1.0 ** (10.0**308*10 - 10.0**308*10)|1.0",
            "(-1) ** (10.0**308*10)|1.0", "(-1.0) ** -(10.0**308*10)|1.0",
            "(-0.5) ** (10.0**308*10)|0.0", "(-2) ** -(10.0**308*10)|0.0",
            "0.0 ** -(10.0**308*10)|inf", "0 ** -(10**400)|Error: int too large to convert to float",
            "(-0.0) ** 3|-0.0", "(-0.0)**0.5|0.0", "(10.0**308*10 - 10.0**308*10) ** 0|1.0",
            "(-8) ** (10.0**308*10 - 10.0**308*10)|nan"})
    void infiniteAndNanPowersAsCPython(String expression, String expected) {
        assertThat(calculate(expression)).isEqualTo(expected);
    }

    /** An int quotient is rounded once from the exact value, as CPython's long_true_divide; expected from CPython 3.11. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // just above and below the halfway point between 2**53 and 2**53 + 2
            "(9007199254740993 * 10**40 + 1) / 10**40|9007199254740994.0",
            "(9007199254740993 * 10**40 - 1) / 10**40|9007199254740992.0",
            // exactly halfway between the largest float and 2**1024: rounds to even, which overflows
            "(2**1024 - 2**970) / 1|Error: integer division result too large for a float",
            "-(2**1024 - 2**970) / 1|Error: integer division result too large for a float",
            "(2**1024 - 2**970 - 1) / 1|1.7976931348623157e+308",
            "(10**17+1)/3|3.3333333333333332e+16", "10**400 / -10**399|-10.0", "-1 / 10**400|-0.0",
            "0 / -(10**400)|-0.0", "10**400 / 3|Error: integer division result too large for a float"})
    void anIntQuotientIsCorrectlyRoundedAsCPython(String expression, String expected) {
        assertThat(calculate(expression)).isEqualTo(expected);
    }

    /** A complex intermediate value fails where CPython's complex arithmetic does; expected from CPython 3.11. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(-10.0)**400.5|Error: complex exponentiation",
            "((-2)**0.5)**3000|Error: complex exponentiation",
            "((-1)**0.5 * (10.0**308*10))**1.5|Error: complex exponentiation",
            "((-2)**0.5)**2000.5|Error: float() argument must be a string or a real number, not 'complex'",
            "(-2)**0.5 * 10**400|Error: int too large to convert to float",
            "((-2)**0.5)**(10**400)|Error: int too large to convert to float",
            "0 ** (-1)**0.5|Error: 0.0 to a negative or complex power",
            "(0*(-1)**0.5) ** -1|Error: 0.0 to a negative or complex power",
            "1/(0*(-1)**0.5)|Error: complex division by zero",
            // an infinite exponent gives an infinite phase, whose cos sets EDOM in C
            "((-1)**0.5) ** -(10.0**308*10)|Error: 0.0 to a negative or complex power",
            "((-1)**0.5) ** (10.0**308*10)|Error: 0.0 to a negative or complex power",
            "(1+0*(-1)**0.5) ** (10.0**308*10)|Error: float() argument must be a string or a real number, not 'complex'",
            "((-1)**0.5)(*1)|Error: (6.123233995736766e-17+1j) argument after * must be an iterable, not int",
            "(-(-1)**0.5)(*1)|Error: (-6.123233995736766e-17-1j) argument after * must be an iterable, not int",
            "(0*(-1)**0.5)(**1)|Error: 0j argument after ** must be a mapping, not int",
            "((-1)**0.5*(10.0**308*10))(*1)|Error: (inf+infj) argument after * must be an iterable, not int"})
    void complexIntermediateValuesFailAsInCPython(String expression, String expected) {
        assertThat(calculate(expression)).isEqualTo(expected);
    }

    @Test
    void aCalleeOfMoreThan4300DigitsCannotBeNamedAsInCPython() {
        // CPython 3.11 refuses str() of an int of more than 4300 digits, so the call's error is that refusal
        assertThat(calculate("(10**4300)(*1)")).isEqualTo("Error: Exceeds the limit (4300 digits) for integer string "
                + "conversion; use sys.set_int_max_str_digits() to increase the limit");
        assertThat(calculate("(-10**4299)(**())")).isEqualTo("Error: -1" + "0".repeat(4299)
                + " argument after ** must be a mapping, not tuple");
    }

    @Test
    void aVeryDeepExpressionIsAnErrorNotACrash() {
        // CPython's limit depends on its own stack depth; the port only promises an error message
        assertThat(calculate("-".repeat(200_000) + "1")).startsWith("Error: maximum recursion depth exceeded");
        assertThat(calculate("1" + "+1".repeat(200_000))).startsWith("Error: maximum recursion depth exceeded");
    }

    private static String calculate(String expression) {
        return RetailTools.execute(RetailData.database(), "calculate", CanonicalJson.object("expression", expression))
                .output();
    }
}
