package dev.specagent.envs.retail.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * CPython 3.11's tokenizer for the text {@code calculate} accepts (digits, {@code + - * / ( ) .} and spaces):
 * numbers ({@code 1}, {@code 1.}, {@code .5}), the operators, {@code .} and {@code ...}. Its errors are tokens
 * too, because CPython raises one only when the parser fetches it ({@code '(' was never closed} at the end),
 * or, after a syntax error, when it tokenizes the rest of the text ({@code unmatched ')'}, leading zeros,
 * {@code too many nested parentheses}). The list ends with an end token or with the first error.
 */
final class PyTokens {

    /** What a token is. */
    enum Kind { NUMBER, OP, END, ERROR }

    /**
     * One token. An {@link Kind#ERROR} carries its error; {@code afterSyntaxError} says whether it also
     * replaces a syntax error found before it (the end inside parentheses does not).
     */
    record Token(Kind kind, String text, ToolError error, boolean afterSyntaxError) {

        boolean is(String op) {
            return kind == Kind.OP && text.equals(op);
        }
    }

    /** CPython's {@code MAXLEVEL}: the deepest nesting of parentheses the tokenizer accepts. */
    private static final int MAX_LEVEL = 200;

    private PyTokens() {
    }

    /** The tokens of {@code text}, up to the end or the first error. */
    static List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int level = 0;
        int i = 0;
        while (true) {
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            if (i == text.length()) {
                out.add(level > 0 ? new Token(Kind.ERROR, "", syntaxError("'(' was never closed"), false)
                        : new Token(Kind.END, "", null, false));
                return out;
            }
            char c = text.charAt(i);
            if (Character.isDigit(c) || c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                int start = i;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                boolean fraction = i < text.length() && text.charAt(i) == '.';
                if (fraction) {
                    i++;
                    while (i < text.length() && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                }
                String literal = text.substring(start, i);
                if (!fraction && literal.length() > 1 && literal.charAt(0) == '0'
                        && !literal.chars().allMatch(d -> d == '0')) {
                    out.add(new Token(Kind.ERROR, literal, syntaxError("leading zeros in decimal integer literals are "
                            + "not permitted; use an 0o prefix for octal integers"), true));
                    return out;
                }
                out.add(new Token(Kind.NUMBER, literal, null, false));
                continue;
            }
            String op = text.startsWith("...", i) ? "..." : text.startsWith("**", i) ? "**"
                    : text.startsWith("//", i) ? "//" : String.valueOf(c);
            i += op.length();
            if (op.equals("(")) {
                if (level >= MAX_LEVEL) {
                    out.add(new Token(Kind.ERROR, op, syntaxError("too many nested parentheses"), true));
                    return out;
                }
                level++;
            } else if (op.equals(")")) {
                if (level == 0) {
                    out.add(new Token(Kind.ERROR, op, syntaxError("unmatched ')'"), true));
                    return out;
                }
                level--;
            }
            out.add(new Token(Kind.OP, op, null, false));
        }
    }

    /** A {@code SyntaxError} of {@code eval} on line 1, as {@code str(e)} shows it. */
    static ToolError syntaxError(String message) {
        return new ToolError(message + " (<string>, line 1)");
    }
}
