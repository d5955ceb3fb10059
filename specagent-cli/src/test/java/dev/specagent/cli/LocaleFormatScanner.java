package dev.specagent.cli;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;

import java.util.Locale;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the calls in Java sources that format a number in the JVM's default locale: {@code String.format},
 * {@code printf} and {@code format} of a stream or {@code Formatter}, and {@code "...".formatted}, whose format
 * string has a conversion the locale changes ({@code %d}, {@code %f}, {@code %e}, {@code %g}, {@code %t}; a German
 * locale writes {@code 0,5} and {@code 1.234}, an Arabic one other digits) and that pass no {@code Locale} first.
 *
 * <p>It reads the syntax tree (javac's parser, nothing compiled), so a {@code %d} inside a string that is not a
 * format string never counts. A format string is known when it is a literal, a concatenation or conditional of
 * literals, or a {@code final} string variable of the same file initialised so; a {@code String.format} or
 * {@code printf} whose format it cannot know is reported too, as one it cannot vouch for. Not seen: a
 * {@code .formatted} or a stream's {@code .format} on a string it cannot know (the latter cannot be told from the
 * {@code format} methods of other types without compiling).
 */
final class LocaleFormatScanner {

    /** A conversion of {@link java.util.Formatter}: index, flags, width, precision, then the conversion letter(s). */
    private static final Pattern CONVERSION = Pattern.compile(
            "%(?:\\d+\\$|<)?[-#+ 0,(]*\\d*(?:\\.\\d+)?([tT]?[a-zA-Z%])");
    /** Conversions whose output depends on the locale: decimal integers, decimals, dates and times. */
    private static final Pattern LOCALIZED = Pattern.compile("[dfeEgG]|[tT].");
    /** Stands for an operand of a concatenation that is not a constant; it completes no conversion. */
    private static final String UNKNOWN_PART = "\u0000";

    /** One call that formats numbers in the default locale, or whose format string is unknown. */
    record Finding(Path file, long line, String call) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + call;
        }
    }

    private LocaleFormatScanner() {
    }

    /** The offending calls of {@code files}, in file and line order. */
    static List<Finding> scan(List<Path> files) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<Finding> findings = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, null, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                new FileScan(unit, positions, findings).scan(unit, null);
            }
        }
        return findings;
    }

    /** Whether {@code format} has a conversion whose output depends on the locale. */
    static boolean hasLocalizedConversion(String format) {
        Matcher m = CONVERSION.matcher(format);
        while (m.find()) {
            if (LOCALIZED.matcher(m.group(1)).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The scan of one compilation unit. */
    private static final class FileScan extends TreePathScanner<Void, Void> {
        private final CompilationUnitTree unit;
        private final SourcePositions positions;
        private final List<Finding> findings;
        private final Map<String, ExpressionTree> constants = new HashMap<>();

        FileScan(CompilationUnitTree unit, SourcePositions positions, List<Finding> findings) {
            this.unit = unit;
            this.positions = positions;
            this.findings = findings;
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitVariable(VariableTree v, Void unused) {
                    if (v.getModifiers().getFlags().contains(Modifier.FINAL) && v.getInitializer() != null) {
                        constants.put(v.getName().toString(), v.getInitializer());
                    }
                    return super.visitVariable(v, unused);
                }
            }.scan(unit, null);
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
            if (call.getMethodSelect() instanceof MemberSelectTree select) {
                String name = select.getIdentifier().toString();
                List<? extends ExpressionTree> args = call.getArguments();
                if (name.equals("formatted")) {
                    check(call, text(select.getExpression(), 0), false);
                } else if ((name.equals("format") || name.equals("printf")) && !args.isEmpty()
                        && !isLocale(args.getFirst())) {
                    boolean mustBeFormat = name.equals("printf") || isString(select.getExpression());
                    check(call, text(args.getFirst(), 0), mustBeFormat);
                }
            }
            return super.visitMethodInvocation(call, unused);
        }

        private void check(MethodInvocationTree call, Optional<String> format, boolean reportUnknown) {
            if (format.map(LocaleFormatScanner::hasLocalizedConversion).orElse(reportUnknown)) {
                LineMap lines = unit.getLineMap();
                long line = lines.getLineNumber(positions.getStartPosition(unit, call));
                String source = call.toString().replaceAll("\\s+", " ");
                findings.add(new Finding(Path.of(unit.getSourceFile().toUri()), line,
                        source.length() > 120 ? source.substring(0, 117) + "..." : source));
            }
        }

        /** The constant text of {@code e}, with {@link #UNKNOWN_PART} for parts that are not; empty if none is. */
        private Optional<String> text(ExpressionTree e, int depth) {
            if (depth > 20) {
                return Optional.empty();
            }
            return switch (e) {
                case LiteralTree l when l.getValue() instanceof String s -> Optional.of(s);
                case ParenthesizedTree p -> text(p.getExpression(), depth + 1);
                case BinaryTree b when b.getKind() == Tree.Kind.PLUS -> {
                    Optional<String> left = text(b.getLeftOperand(), depth + 1);
                    Optional<String> right = text(b.getRightOperand(), depth + 1);
                    yield left.isEmpty() && right.isEmpty() ? Optional.empty()
                            : Optional.of(left.orElse(UNKNOWN_PART) + right.orElse(UNKNOWN_PART));
                }
                case ConditionalExpressionTree c -> {
                    Optional<String> a = text(c.getTrueExpression(), depth + 1);
                    Optional<String> b = text(c.getFalseExpression(), depth + 1);
                    yield a.isEmpty() && b.isEmpty() ? Optional.empty()
                            : Optional.of(a.orElse(UNKNOWN_PART) + UNKNOWN_PART + b.orElse(UNKNOWN_PART));
                }
                case IdentifierTree id when constants.containsKey(id.getName().toString()) ->
                        text(constants.get(id.getName().toString()), depth + 1);
                default -> Optional.empty();
            };
        }

        private static boolean isString(ExpressionTree receiver) {
            return receiver instanceof IdentifierTree id && id.getName().contentEquals("String");
        }

        /** {@code Locale.X}, {@code Locale.of(...)}, {@code new Locale(...)} or a variable named like a locale. */
        private static boolean isLocale(ExpressionTree first) {
            return switch (first) {
                case MemberSelectTree s -> s.getExpression().toString().endsWith("Locale");
                case MethodInvocationTree m -> m.getMethodSelect().toString().startsWith("Locale.");
                case IdentifierTree id -> id.getName().toString().toLowerCase(Locale.ROOT).endsWith("locale");
                default -> first.getKind() == Tree.Kind.NEW_CLASS && first.toString().contains("Locale(");
            };
        }
    }
}
