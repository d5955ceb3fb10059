package dev.specagent.envs.retail.tools;

import dev.specagent.envs.retail.json.PyNumber;
import dev.specagent.envs.retail.json.PyRepr;
import dev.specagent.envs.retail.tools.PyTokens.Kind;
import dev.specagent.envs.retail.tools.PyTokens.Token;

import java.math.BigInteger;
import java.util.List;

/**
 * Evaluates the Python expressions that the {@code calculate} tool accepts (digits, {@code + - * / ( ) .} and
 * spaces, hence also {@code **}, {@code //}, {@code ()}, {@code ...} and calls such as {@code 2 (3)}) as
 * {@code eval} does: the whole text is parsed before any of it runs, so a syntax error wins over a division by
 * zero before it, and values behave as {@link PyValue} says.
 *
 * <p>Syntax errors follow CPython 3.11's parser: an error token of {@link PyTokens} is raised as soon as the
 * parser looks at it; two expressions side by side within parentheses are {@code invalid syntax. Perhaps you
 * forgot a comma?} (the second one is parsed first, so its look-ahead can meet the end inside parentheses);
 * {@code (*x)} is {@code cannot use starred expression here}; and a syntax error gives way to a tokenizer error
 * later in the text ({@code unmatched ')'}, leading zeros).
 */
final class PyArithmetic {

    /** A parsed expression. */
    private interface Expr {
        PyValue eval();
    }

    /** A syntax error found by the parser, before the rest of the text is tokenized. */
    private static final class SyntaxFailure extends RuntimeException {
        SyntaxFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static final String INVALID = "invalid syntax";

    private final List<Token> tokens;
    private int pos;
    private int depth;
    /** Parsing the second of two adjacent expressions: CPython parses it without its error-finding rules. */
    private boolean plainRules;

    private PyArithmetic(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** {@code eval(expression)} for the allowed character set. */
    static PyValue evaluate(String expression) {
        String source = expression.stripLeading(); // eval() strips leading spaces; only spaces are allowed here
        if (source.isEmpty()) {
            throw new ToolError("invalid syntax (<string>, line 0)");
        }
        PyArithmetic p = new PyArithmetic(PyTokens.tokenize(source));
        Expr parsed;
        try {
            parsed = p.expression();
            if (p.peek().kind() != Kind.END) {
                p.adjacent();
            }
        } catch (SyntaxFailure e) {
            throw p.afterSyntaxError(e.getMessage());
        } catch (StackOverflowError e) { // CPython's own limit depends on its stack; never fail the call
            throw new ToolError("maximum recursion depth exceeded during compilation");
        }
        try {
            return parsed.eval();
        } catch (StackOverflowError e) {
            throw new ToolError("maximum recursion depth exceeded during compilation");
        }
    }

    /** {@code str(round(float(value), 2))}. */
    static String roundedString(PyValue value) {
        return PyRepr.floatRepr(PyNumber.round(value.asDouble(), 2)); // str() of a float: inf / nan, not JSON's
    }

    // ---- tokens --------------------------------------------------------------------------------------

    /** The current token; an error token is raised the moment the parser looks at it, as CPython's does. */
    private Token peek() {
        Token t = tokens.get(pos);
        if (t.kind() == Kind.ERROR) {
            throw t.error();
        }
        return t;
    }

    private boolean at(String op) {
        return peek().is(op);
    }

    /**
     * The error to raise for a syntax error: a tokenizer error further on in the text replaces it. (The parser
     * never reached that error token: looking at it raises its error, not a syntax error.)
     */
    private ToolError afterSyntaxError(String message) {
        Token last = tokens.getLast();
        if (last.kind() == Kind.ERROR && last.afterSyntaxError()) {
            return last.error();
        }
        return PyTokens.syntaxError(message);
    }

    /**
     * The parser stopped after a whole expression at a token that cannot continue it. When that token starts
     * another expression, CPython's second pass parses it (raising any error its look-ahead meets; a PEG parser
     * backs off to the longest prefix that parses, so it always finds one) and, inside parentheses, suggests a
     * comma.
     */
    private void adjacent() {
        Token t = peek();
        if (!plainRules && (t.kind() == Kind.NUMBER || t.is("..."))) {
            int level = depth;
            plainRules = true;
            try {
                expression();
            } catch (SyntaxFailure shorter) {
                // the expression ends before the token that failed
            }
            throw new SyntaxFailure(level > 0 ? INVALID + ". Perhaps you forgot a comma?" : INVALID);
        }
        throw new SyntaxFailure(INVALID);
    }

    private void expect(String op) {
        if (!at(op)) {
            adjacent();
        }
        pos++;
    }

    // ---- grammar -------------------------------------------------------------------------------------

    private Expr expression() {
        Expr left = term();
        while (at("+") || at("-")) {
            boolean subtract = tokens.get(pos++).is("-");
            Expr l = left;
            Expr r = term();
            left = () -> l.eval().add(r.eval(), subtract);
        }
        return left;
    }

    private Expr term() {
        Expr left = factor();
        while (true) {
            Expr l = left;
            if (at("//")) {
                pos++;
                Expr r = factor();
                left = () -> l.eval().floorDivide(r.eval());
            } else if (at("*")) {
                pos++;
                Expr r = factor();
                left = () -> l.eval().multiply(r.eval());
            } else if (at("/")) {
                pos++;
                Expr r = factor();
                left = () -> l.eval().divide(r.eval());
            } else {
                return left;
            }
        }
    }

    private Expr factor() {
        if (at("-")) {
            pos++;
            Expr operand = factor();
            return () -> operand.eval().negate();
        }
        if (at("+")) {
            pos++;
            Expr operand = factor();
            return () -> operand.eval().plus();
        }
        return power();
    }

    private Expr power() {
        Expr base = primary();
        if (at("**")) {
            pos++;
            Expr exponent = factor();
            return () -> base.eval().pow(exponent.eval());
        }
        return base;
    }

    /** An atom, then calls with at most one argument ({@code x}, {@code *x} or {@code **x}); {@code .} needs a name. */
    private Expr primary() {
        Expr callee = atom();
        while (true) {
            if (at(".")) { // an attribute: the name it needs is looked for, and never found
                pos++;
                peek();
                throw new SyntaxFailure(INVALID);
            }
            if (!at("(")) {
                return callee;
            }
            pos++;
            depth++;
            PyValue.Spread spread = at("*") ? PyValue.Spread.STAR
                    : at("**") ? PyValue.Spread.DOUBLE_STAR : PyValue.Spread.PLAIN;
            Expr argument = null;
            if (spread != PyValue.Spread.PLAIN) {
                pos++;
                argument = expression();
            } else if (!at(")")) {
                argument = expression();
            }
            expect(")");
            depth--;
            Expr c = callee;
            Expr a = argument;
            callee = () -> {
                PyValue target = c.eval();
                return target.call(a == null ? null : a.eval(), spread);
            };
        }
    }

    private Expr atom() {
        Token t = peek();
        if (t.kind() == Kind.NUMBER) {
            pos++;
            PyValue value = number(t.text());
            return () -> value;
        }
        if (t.is("...")) {
            pos++;
            return () -> PyValue.ELLIPSIS;
        }
        if (!t.is("(")) {
            throw new SyntaxFailure(INVALID);
        }
        pos++;
        depth++;
        if (at(")")) {
            pos++;
            depth--;
            return () -> PyValue.EMPTY_TUPLE;
        }
        if (at("*") || at("**")) {
            String star = tokens.get(pos++).text();
            expression();
            if (!at(")")) {
                adjacent();
            }
            if (plainRules) {
                throw new SyntaxFailure(INVALID);
            }
            throw new SyntaxFailure("cannot use " + (star.equals("**") ? "double starred" : "starred")
                    + " expression here");
        }
        Expr inner = expression();
        expect(")");
        depth--;
        return inner;
    }

    private static PyValue number(String literal) {
        if (literal.indexOf('.') >= 0) {
            return PyValue.ofFloat(Double.parseDouble(literal));
        }
        return PyValue.ofInt(new BigInteger(literal));
    }
}
