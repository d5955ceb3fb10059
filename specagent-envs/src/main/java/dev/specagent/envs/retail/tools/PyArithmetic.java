package dev.specagent.envs.retail.tools;

import dev.specagent.envs.retail.json.PyJson;
import dev.specagent.envs.retail.json.PyNumber;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Evaluates the arithmetic Python expressions that the {@code calculate} tool accepts (digits, {@code + -
 * * / ( ) .} and spaces, hence also {@code **} and {@code //}) with Python's semantics: arbitrary-size
 * ints, IEEE floats, true division always a float, floor division and powers as Python defines them.
 * As {@code eval} does, the whole text is parsed before any of it runs, so a syntax error wins over a
 * division by zero before it. Errors carry CPython 3.11's messages ({@code division by zero},
 * {@code invalid syntax (<string>, line 1)}, {@code '(' was never closed}, {@code 'int' object is not callable}).
 */
final class PyArithmetic {

    /**
     * A Python number: an int ({@code big}), a float ({@code real}) or a complex, whose value is not kept: a
     * complex only arises from a negative number to a fractional power, and {@code float()} rejects it anyway.
     */
    record Num(BigInteger big, double real, boolean complex) {
        static final Num COMPLEX = new Num(null, Double.NaN, true);

        static Num ofInt(BigInteger v) {
            return new Num(v, 0, false);
        }

        static Num ofFloat(double v) {
            return new Num(null, v, false);
        }

        boolean isInt() {
            return big != null;
        }

        String typeName() {
            return complex ? "complex" : isInt() ? "int" : "float";
        }

        /** {@code float(self)}. */
        double asDouble() {
            if (complex) {
                throw new ToolError("float() argument must be a string or a real number, not 'complex'");
            }
            if (!isInt()) {
                return real;
            }
            double d = big.doubleValue();
            if (Double.isInfinite(d)) {
                throw new ToolError("int too large to convert to float");
            }
            return d;
        }
    }

    /** A parsed expression. Python compiles the whole text before it runs any of it: syntax errors come first. */
    private interface Expr {
        Num eval();
    }

    private final String text;
    private int pos;
    private int depth;

    private PyArithmetic(String text) {
        this.text = text;
    }

    /** {@code eval(expression)} for the allowed character set. */
    static Num evaluate(String expression) {
        String source = expression.stripLeading(); // eval() strips leading spaces; only spaces are allowed here
        if (source.isBlank()) {
            throw new ToolError("invalid syntax (<string>, line 0)");
        }
        PyArithmetic p = new PyArithmetic(source);
        Expr parsed = p.expression();
        p.skipSpaces();
        if (p.pos != p.text.length()) {
            throw p.peek(')') ? new ToolError("unmatched ')' (<string>, line 1)") : p.unexpected();
        }
        return parsed.eval();
    }

    private Expr expression() {
        Expr left = term();
        while (true) {
            skipSpaces();
            if (peek('+') || peek('-')) {
                boolean subtract = text.charAt(pos++) == '-';
                Expr l = left;
                Expr r = term();
                left = () -> add(l.eval(), r.eval(), subtract);
            } else {
                return left;
            }
        }
    }

    private Expr term() {
        Expr left = unary();
        while (true) {
            skipSpaces();
            Expr l = left;
            if (lookingAt("//")) {
                pos += 2;
                Expr r = unary();
                left = () -> floorDivide(l.eval(), r.eval());
            } else if (peek('*') && !lookingAt("**")) {
                pos++;
                Expr r = unary();
                left = () -> multiply(l.eval(), r.eval());
            } else if (peek('/')) {
                pos++;
                Expr r = unary();
                left = () -> divide(l.eval(), r.eval());
            } else {
                return left;
            }
        }
    }

    private Expr unary() {
        skipSpaces();
        if (peek('-')) {
            pos++;
            Expr operand = unary();
            return () -> negate(operand.eval());
        }
        if (peek('+')) {
            pos++;
            return unary();
        }
        return power();
    }

    private Expr power() {
        Expr base = primary();
        skipSpaces();
        if (lookingAt("**")) {
            pos += 2;
            Expr exponent = unary();
            return () -> pow(base.eval(), exponent.eval());
        }
        return base;
    }

    /** An atom, then calls: {@code 2 (3)} is valid syntax that fails when it runs, as in Python. */
    private Expr primary() {
        Expr callee = atom();
        while (true) {
            skipSpaces();
            if (!peek('(')) {
                return callee;
            }
            Expr argument = parenthesized();
            Expr c = callee;
            callee = () -> {
                Num target = c.eval();
                if (argument != null) {
                    argument.eval();
                }
                throw new ToolError("'" + target.typeName() + "' object is not callable");
            };
        }
    }

    private Expr atom() {
        skipSpaces();
        if (peek('(')) {
            Expr inner = parenthesized();
            return inner != null ? inner : () -> {
                throw new ToolError("float() argument must be a string or a real number, not 'tuple'");
            };
        }
        return number();
    }

    /** {@code ( expression )}, or null for {@code ()}. */
    private Expr parenthesized() {
        pos++;
        depth++;
        skipSpaces();
        Expr inner = null;
        if (!peek(')')) {
            inner = expression();
            skipSpaces();
        }
        if (pos == text.length()) {
            throw new ToolError("'(' was never closed (<string>, line 1)");
        }
        if (!peek(')')) {
            throw unexpected();
        }
        pos++;
        depth--;
        return inner;
    }

    private Expr number() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (peek('.')) {
            pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        String literal = text.substring(start, pos);
        if (literal.isEmpty() || literal.equals(".")) {
            throw syntaxError();
        }
        if (literal.indexOf('.') >= 0) {
            Num value = Num.ofFloat(Double.parseDouble(literal));
            return () -> value;
        }
        if (literal.length() > 1 && literal.charAt(0) == '0' && !literal.chars().allMatch(c -> c == '0')) {
            throw new ToolError("leading zeros in decimal integer literals are not permitted; use an 0o prefix "
                    + "for octal integers (<string>, line 1)");
        }
        Num value = Num.ofInt(new BigInteger(literal));
        return () -> value;
    }

    /** The syntax error at a token that cannot follow: within parentheses a number after a number is Python's comma hint. */
    private ToolError unexpected() {
        boolean numberFollows = pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.');
        return depth > 0 && numberFollows
                ? new ToolError("invalid syntax. Perhaps you forgot a comma? (<string>, line 1)") : syntaxError();
    }

    private static Num negate(Num v) {
        return v.complex() ? v : v.isInt() ? Num.ofInt(v.big().negate()) : Num.ofFloat(-v.real());
    }

    private static Num add(Num a, Num b, boolean subtract) {
        if (a.complex() || b.complex()) {
            return Num.COMPLEX;
        }
        if (a.isInt() && b.isInt()) {
            return Num.ofInt(subtract ? a.big().subtract(b.big()) : a.big().add(b.big()));
        }
        return Num.ofFloat(subtract ? a.asDouble() - b.asDouble() : a.asDouble() + b.asDouble());
    }

    private static Num multiply(Num a, Num b) {
        if (a.complex() || b.complex()) {
            return Num.COMPLEX;
        }
        if (a.isInt() && b.isInt()) {
            return Num.ofInt(a.big().multiply(b.big()));
        }
        return Num.ofFloat(a.asDouble() * b.asDouble());
    }

    private static Num divide(Num a, Num b) {
        if (a.complex() || b.complex()) {
            if (!b.complex() && b.asDouble() == 0) {
                throw new ToolError("complex division by zero");
            }
            return Num.COMPLEX;
        }
        if (a.isInt() && b.isInt()) {
            if (b.big().signum() == 0) {
                throw new ToolError("division by zero");
            }
            // Python's int / int is correctly rounded.
            return Num.ofFloat(new BigDecimal(a.big()).divide(new BigDecimal(b.big()), java.math.MathContext.DECIMAL128)
                    .doubleValue());
        }
        if (b.asDouble() == 0) {
            throw new ToolError("float division by zero");
        }
        return Num.ofFloat(a.asDouble() / b.asDouble());
    }

    private static Num floorDivide(Num a, Num b) {
        if (a.complex() || b.complex()) {
            throw new ToolError("unsupported operand type(s) for //: '" + a.typeName() + "' and '" + b.typeName() + "'");
        }
        if (a.isInt() && b.isInt()) {
            if (b.big().signum() == 0) {
                throw new ToolError("integer division or modulo by zero");
            }
            BigInteger[] qr = a.big().divideAndRemainder(b.big());
            BigInteger q = qr[0];
            if (qr[1].signum() != 0 && (qr[1].signum() != b.big().signum())) {
                q = q.subtract(BigInteger.ONE);
            }
            return Num.ofInt(q);
        }
        double x = a.asDouble();
        double y = b.asDouble();
        if (y == 0) {
            throw new ToolError("float floor division by zero");
        }
        // CPython's float_floor_div: from fmod, not floor(x / y), which is off by one when x / y rounds up to a
        // whole number (3 // 0.1 is 29.0)
        double mod = x % y;
        double div = (x - mod) / y;
        if (mod != 0 && (y < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div == 0) {
            return Num.ofFloat(Math.copySign(0.0, x / y));
        }
        double floor = Math.floor(div);
        return Num.ofFloat(div - floor > 0.5 ? floor + 1.0 : floor);
    }

    private static Num pow(Num a, Num b) {
        if (a.complex() || b.complex()) {
            return Num.COMPLEX;
        }
        if (a.isInt() && b.isInt()) {
            if (b.big().signum() >= 0) {
                if (b.big().bitLength() > 31) {
                    throw new ToolError("exponent too large");
                }
                return Num.ofInt(a.big().pow(b.big().intValueExact()));
            }
            if (a.big().signum() == 0) {
                throw new ToolError("0.0 cannot be raised to a negative power");
            }
            return Num.ofFloat(Math.pow(a.asDouble(), b.asDouble()));
        }
        double x = a.asDouble();
        double y = b.asDouble();
        if (x == 0 && y < 0) {
            throw new ToolError("0.0 cannot be raised to a negative power");
        }
        if (x < 0 && y != Math.rint(y) && Double.isFinite(y)) {
            return Num.COMPLEX; // Python 3: a negative float to a fractional power is complex
        }
        double r = Math.pow(x, y);
        if (Double.isInfinite(r) && Double.isFinite(x) && Double.isFinite(y)) {
            throw new ToolError("(34, 'Numerical result out of range')");
        }
        return Num.ofFloat(r);
    }

    /** {@code str(round(float(value), 2))}. */
    static String roundedString(Num value) {
        double rounded = PyNumber.round(value.asDouble(), 2);
        if (!Double.isFinite(rounded)) { // str() of a float, not JSON's Infinity / NaN
            return Double.isNaN(rounded) ? "nan" : rounded > 0 ? "inf" : "-inf";
        }
        return PyJson.floatRepr(rounded);
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean lookingAt(String s) {
        return text.startsWith(s, pos);
    }

    private static ToolError syntaxError() {
        return new ToolError("invalid syntax (<string>, line 1)");
    }
}
