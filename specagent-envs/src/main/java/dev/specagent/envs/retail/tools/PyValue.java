package dev.specagent.envs.retail.tools;

import dev.specagent.envs.retail.json.PyRepr;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A value of the arithmetic {@code calculate} evaluates, with Python's operators and their error messages: an
 * int ({@code big}), a float ({@code real}), a complex ({@code complex}; only from a negative number to a fractional
 * power, and {@code float()} rejects it, but its value decides which errors come first), the empty tuple {@code ()}
 * and {@code ...} (Ellipsis).
 */
record PyValue(Type type, BigInteger big, double real, PyComplex complex) {

    /** The Python type, by its name in messages. */
    enum Type {
        INT("int"), FLOAT("float"), COMPLEX("complex"), TUPLE("tuple"), ELLIPSIS("ellipsis");

        final String pythonName;

        Type(String pythonName) {
            this.pythonName = pythonName;
        }
    }

    static final PyValue EMPTY_TUPLE = new PyValue(Type.TUPLE, null, Double.NaN, null);
    static final PyValue ELLIPSIS = new PyValue(Type.ELLIPSIS, null, Double.NaN, null);

    private static final BigInteger TWO_53 = BigInteger.ONE.shiftLeft(53);

    static PyValue ofInt(BigInteger v) {
        return new PyValue(Type.INT, v, 0, null);
    }

    static PyValue ofFloat(double v) {
        return new PyValue(Type.FLOAT, null, v, null);
    }

    private static PyValue ofComplex(PyComplex c) {
        return new PyValue(Type.COMPLEX, null, Double.NaN, c);
    }

    /** The operand of a complex operation: an int or float converted as CPython's {@code to_complex} does. */
    private PyComplex asComplex() {
        return isComplex() ? complex : new PyComplex(asDouble(), 0.0);
    }

    boolean isInt() {
        return type == Type.INT;
    }

    private boolean isNumber() {
        return type == Type.INT || type == Type.FLOAT || type == Type.COMPLEX;
    }

    private boolean isComplex() {
        return type == Type.COMPLEX;
    }

    String typeName() {
        return type.pythonName;
    }

    /** {@code float(self)}. */
    double asDouble() {
        return switch (type) {
            case FLOAT -> real;
            case INT -> {
                double d = big.doubleValue();
                if (Double.isInfinite(d)) {
                    throw new ToolError("int too large to convert to float");
                }
                yield d;
            }
            default -> throw new ToolError("float() argument must be a string or a real number, not '"
                    + typeName() + "'");
        };
    }

    /** {@code str(self)}, as a call's error names its callee ({@code 1 argument after * must be ...}). */
    private String str() {
        return switch (type) {
            case INT -> {
                String digits = big.toString();
                if (digits.length() - (big.signum() < 0 ? 1 : 0) > 4300) { // CPython 3.11's int_max_str_digits
                    throw new ToolError("Exceeds the limit (4300 digits) for integer string conversion; "
                            + "use sys.set_int_max_str_digits() to increase the limit");
                }
                yield digits;
            }
            case FLOAT -> PyRepr.floatRepr(real);
            case TUPLE -> "()";
            case ELLIPSIS -> "Ellipsis";
            case COMPLEX -> complex.repr();
        };
    }

    private static ToolError unsupported(String op, PyValue a, PyValue b) {
        return new ToolError("unsupported operand type(s) for " + op + ": '" + a.typeName() + "' and '"
                + b.typeName() + "'");
    }

    PyValue negate() {
        if (!isNumber()) {
            throw new ToolError("bad operand type for unary -: '" + typeName() + "'");
        }
        return isComplex() ? ofComplex(complex.negate()) : isInt() ? ofInt(big.negate()) : ofFloat(-real);
    }

    PyValue plus() {
        if (!isNumber()) {
            throw new ToolError("bad operand type for unary +: '" + typeName() + "'");
        }
        return this;
    }

    PyValue add(PyValue b, boolean subtract) {
        if (!isNumber() || !b.isNumber()) {
            if (!subtract && type == Type.TUPLE) {
                if (b.type == Type.TUPLE) {
                    return EMPTY_TUPLE;
                }
                throw new ToolError("can only concatenate tuple (not \"" + b.typeName() + "\") to tuple");
            }
            throw unsupported(subtract ? "-" : "+", this, b);
        }
        if (isComplex() || b.isComplex()) {
            PyComplex x = asComplex();
            PyComplex y = b.asComplex();
            return ofComplex(subtract ? x.minus(y) : x.plus(y));
        }
        if (isInt() && b.isInt()) {
            return ofInt(subtract ? big.subtract(b.big) : big.add(b.big));
        }
        return ofFloat(subtract ? asDouble() - b.asDouble() : asDouble() + b.asDouble());
    }

    PyValue multiply(PyValue b) {
        if (type == Type.TUPLE || b.type == Type.TUPLE) { // sequence repetition
            PyValue count = type == Type.TUPLE ? b : this;
            if (!count.isInt()) {
                throw new ToolError("can't multiply sequence by non-int of type '" + count.typeName() + "'");
            }
            if (count.big.bitLength() > 63) {
                throw new ToolError("cannot fit 'int' into an index-sized integer");
            }
            return EMPTY_TUPLE;
        }
        if (!isNumber() || !b.isNumber()) {
            throw unsupported("*", this, b);
        }
        if (isComplex() || b.isComplex()) {
            PyComplex x = asComplex();
            return ofComplex(x.times(b.asComplex()));
        }
        if (isInt() && b.isInt()) {
            return ofInt(big.multiply(b.big));
        }
        return ofFloat(asDouble() * b.asDouble());
    }

    PyValue divide(PyValue b) {
        if (!isNumber() || !b.isNumber()) {
            throw unsupported("/", this, b);
        }
        if (isComplex() || b.isComplex()) {
            PyComplex x = asComplex();
            return ofComplex(x.divide(b.asComplex()));
        }
        if (isInt() && b.isInt()) {
            if (b.big.signum() == 0) {
                throw new ToolError("division by zero");
            }
            if (big.abs().compareTo(TWO_53) <= 0 && b.big.abs().compareTo(TWO_53) <= 0) {
                return ofFloat(big.doubleValue() / b.big.doubleValue()); // both exact: one IEEE rounding, as CPython
            }
            return ofFloat(trueDivide(big, b.big));
        }
        double x = asDouble(); // float(a) first: a huge int fails before a zero divisor
        double y = b.asDouble();
        if (y == 0) {
            throw new ToolError("float division by zero");
        }
        return ofFloat(x / y);
    }

    /**
     * CPython's {@code long_true_divide}: the exact quotient rounded once, half to even (a quotient first rounded to
     * some decimal digits can land on a halfway point and round again the wrong way).
     */
    private static double trueDivide(BigInteger a, BigInteger b) {
        boolean negative = (a.signum() < 0) != (b.signum() < 0); // 0 / -5 is -0.0
        BigInteger n = a.abs();
        BigInteger d = b.abs();
        int bits = n.bitLength() - d.bitLength();
        double magnitude;
        if (n.signum() == 0 || bits < -1100) { // below half the smallest subnormal: zero
            magnitude = 0.0;
        } else if (bits > 1025) {
            magnitude = Double.POSITIVE_INFINITY;
        } else {
            int shift = 55 - bits; // a quotient of 55 or 56 bits, two below a double's 53 and a sticky bit
            BigInteger[] qr = shift >= 0 ? n.shiftLeft(shift).divideAndRemainder(d)
                    : n.divideAndRemainder(d.shiftLeft(-shift));
            BigInteger q = qr[1].signum() == 0 ? qr[0] : qr[0].setBit(0); // an inexact rest sits below every rounding bit
            BigDecimal exact = shift >= 0 ? new BigDecimal(q).divide(new BigDecimal(BigInteger.ONE.shiftLeft(shift)))
                    : new BigDecimal(q.shiftLeft(-shift));
            magnitude = exact.doubleValue(); // correctly rounded, subnormals included
        }
        if (Double.isInfinite(magnitude)) {
            throw new ToolError("integer division result too large for a float");
        }
        return negative ? -magnitude : magnitude;
    }

    PyValue floorDivide(PyValue b) {
        if (!isNumber() || !b.isNumber() || isComplex() || b.isComplex()) {
            throw unsupported("//", this, b);
        }
        if (isInt() && b.isInt()) {
            if (b.big.signum() == 0) {
                throw new ToolError("integer division or modulo by zero");
            }
            BigInteger[] qr = big.divideAndRemainder(b.big);
            BigInteger q = qr[0];
            if (qr[1].signum() != 0 && qr[1].signum() != b.big.signum()) {
                q = q.subtract(BigInteger.ONE);
            }
            return ofInt(q);
        }
        double x = asDouble();
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
            return ofFloat(Math.copySign(0.0, x / y));
        }
        double floor = Math.floor(div);
        return ofFloat(div - floor > 0.5 ? floor + 1.0 : floor);
    }

    PyValue pow(PyValue b) {
        if (!isNumber() || !b.isNumber()) {
            throw unsupported("** or pow()", this, b);
        }
        if (isComplex() || b.isComplex()) {
            PyComplex x = asComplex();
            return ofComplex(x.pow(b.asComplex()));
        }
        if (isInt() && b.isInt() && b.big.signum() >= 0) {
            if (b.big.bitLength() > 31) {
                if (big.abs().compareTo(BigInteger.ONE) <= 0) { // 0, 1 and -1 stay small, as Python answers them
                    return ofInt(big.signum() < 0 && !b.big.testBit(0) ? BigInteger.ONE : big);
                }
                // CPython would try to build an int of 2^31 bits or more; the port refuses
                throw new ToolError("exponent too large");
            }
            return ofInt(big.pow(b.big.intValueExact()));
        }
        // a float, or a negative int exponent, which CPython hands to float's power: both converted first
        return floatPow(asDouble(), b.asDouble());
    }

    /**
     * CPython's {@code float_pow}: its special cases in its order (zero exponent, NaN, infinite exponent, infinite
     * base, zero base, negative base), where Java's {@code Math.pow} answers otherwise ({@code 1 ** nan} and
     * {@code (-1) ** inf} are 1.0, {@code (-inf) ** 0.5} is inf, {@code 0.0 ** -inf} is inf), then the platform pow.
     */
    private static PyValue floatPow(double x, double y) {
        if (y == 0) {
            return ofFloat(1.0);
        }
        if (Double.isNaN(x)) {
            return ofFloat(x);
        }
        if (Double.isNaN(y)) {
            return ofFloat(x == 1.0 ? 1.0 : y);
        }
        if (Double.isInfinite(y)) {
            double abs = Math.abs(x);
            return ofFloat(abs == 1.0 ? 1.0 : (y > 0) == (abs > 1.0) ? Math.abs(y) : 0.0);
        }
        boolean odd = Math.abs(y) % 2.0 == 1.0;
        if (Double.isInfinite(x)) {
            return ofFloat(y > 0 ? (odd ? x : Math.abs(x)) : (odd ? Math.copySign(0.0, x) : 0.0));
        }
        if (x == 0) {
            if (y < 0) {
                throw new ToolError("0.0 cannot be raised to a negative power");
            }
            return ofFloat(odd ? x : 0.0);
        }
        boolean negate = false;
        if (x < 0) {
            if (y != Math.floor(y)) {
                // Python 3: a negative float to a fractional power is complex, computed from the original operands
                return ofComplex(new PyComplex(x, 0.0).pow(new PyComplex(y, 0.0)));
            }
            x = -x;
            negate = odd;
        }
        if (x == 1.0) {
            return ofFloat(negate ? -1.0 : 1.0);
        }
        double r = Math.pow(x, y);
        if (Double.isInfinite(r)) {
            throw new ToolError("(34, 'Numerical result out of range')");
        }
        return ofFloat(negate ? -r : r);
    }

    /** How a call passes its one argument: {@code f(x)}, {@code f(*x)} or {@code f(**x)}. */
    enum Spread { PLAIN, STAR, DOUBLE_STAR }

    /**
     * {@code self(argument)}: the argument was evaluated after the callee; a spread argument must be iterable
     * (only {@code ()} here) or a mapping (none here), then no value of ours is callable.
     */
    PyValue call(PyValue argument, Spread spread) {
        if (spread == Spread.STAR && argument.type != Type.TUPLE) {
            throw new ToolError(str() + " argument after * must be an iterable, not " + argument.typeName());
        }
        if (spread == Spread.DOUBLE_STAR) {
            throw new ToolError(str() + " argument after ** must be a mapping, not " + argument.typeName());
        }
        throw new ToolError("'" + typeName() + "' object is not callable");
    }
}
