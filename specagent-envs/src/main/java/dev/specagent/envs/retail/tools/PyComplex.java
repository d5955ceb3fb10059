package dev.specagent.envs.retail.tools;

import dev.specagent.envs.retail.json.PyRepr;

/**
 * A Python complex number as {@code calculate} meets it (a negative number to a fractional power), with CPython
 * 3.11's algorithms for the operators, so that the same operations fail as they do there: a zero divisor
 * ({@code complex division by zero}), zero to a negative or complex power, and a power whose result overflows
 * ({@code complex exponentiation}). {@code float()} refuses every complex, so only these errors and
 * {@link #repr()} (a call's error names its callee) ever show.
 */
record PyComplex(double re, double im) {

    private static final PyComplex ONE = new PyComplex(1.0, 0.0);

    PyComplex plus(PyComplex b) {
        return new PyComplex(re + b.re, im + b.im);
    }

    PyComplex minus(PyComplex b) {
        return new PyComplex(re - b.re, im - b.im);
    }

    PyComplex negate() {
        return new PyComplex(-re, -im);
    }

    PyComplex times(PyComplex b) {
        return new PyComplex(re * b.re - im * b.im, re * b.im + im * b.re);
    }

    /** {@code self / b}. */
    PyComplex divide(PyComplex b) {
        PyComplex q = quotient(b);
        if (q == null) {
            throw new ToolError("complex division by zero");
        }
        return q;
    }

    /** CPython's {@code _Py_c_quot}; null where it sets EDOM (a zero divisor). */
    private PyComplex quotient(PyComplex b) {
        double absRe = Math.abs(b.re);
        double absIm = Math.abs(b.im);
        if (absRe >= absIm) {
            if (absRe == 0.0) {
                return null;
            }
            double ratio = b.im / b.re;
            double denom = b.re + b.im * ratio;
            return new PyComplex((re + im * ratio) / denom, (im - re * ratio) / denom);
        }
        if (absIm >= absRe) {
            double ratio = b.re / b.im;
            double denom = b.re * ratio + b.im;
            return new PyComplex((re * ratio + im) / denom, (im * ratio - re) / denom);
        }
        return new PyComplex(Double.NaN, Double.NaN); // a NaN in the divisor
    }

    /** CPython's {@code complex_pow}: repeated products for a small whole exponent, else polar form. */
    PyComplex pow(PyComplex b) {
        PyComplex p;
        if (b.im == 0.0 && b.re == Math.floor(b.re) && Math.abs(b.re) <= 100.0) {
            int n = (int) b.re;
            p = n >= 0 ? powUnsigned(n) : ONE.quotient(powUnsigned(-n));
        } else {
            p = polarPow(b);
        }
        if (p == null) {
            throw new ToolError("0.0 to a negative or complex power");
        }
        if (Double.isInfinite(p.re) || Double.isInfinite(p.im)) {
            throw new ToolError("complex exponentiation");
        }
        return p;
    }

    /** CPython's {@code c_powu}: binary powering by products. */
    private PyComplex powUnsigned(int n) {
        PyComplex r = ONE;
        PyComplex p = this;
        for (int mask = 1; mask > 0 && n >= mask; mask <<= 1) {
            if ((n & mask) != 0) {
                r = r.times(p);
            }
            p = p.times(p);
        }
        return r;
    }

    /** CPython's {@code _Py_c_pow}; null where errno ends EDOM (zero to a negative or complex power, an infinite phase). */
    private PyComplex polarPow(PyComplex b) {
        if (b.re == 0.0 && b.im == 0.0) {
            return ONE;
        }
        if (re == 0.0 && im == 0.0) {
            return b.im != 0.0 || b.re < 0.0 ? null : new PyComplex(0.0, 0.0);
        }
        double abs = Math.hypot(re, im);
        double length = Math.pow(abs, b.re);
        double angle = Math.atan2(im, re);
        double phase = angle * b.re;
        if (b.im != 0.0) {
            length /= Math.exp(angle * b.im);
            phase += b.im * Math.log(abs);
        }
        if (Double.isInfinite(phase)) {
            return null; // C's cos of an infinity sets EDOM, which complex_pow reports as for a zero base
        }
        return new PyComplex(length * Math.cos(phase), length * Math.sin(phase));
    }

    /** {@code repr(self)}: {@code 1j} when the real part is +0.0, else {@code (1+2j)}, parts without a trailing .0. */
    String repr() {
        String imag = part(im);
        if (re == 0.0 && Math.copySign(1.0, re) == 1.0) {
            return imag + "j";
        }
        boolean signed = imag.startsWith("-");
        return "(" + part(re) + (signed ? "" : "+") + imag + "j)";
    }

    private static String part(double d) {
        String s = PyRepr.floatRepr(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
