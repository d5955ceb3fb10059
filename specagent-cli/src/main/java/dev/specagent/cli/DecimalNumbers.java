package dev.specagent.cli;

import picocli.CommandLine;

import java.util.regex.Pattern;

/**
 * Reads every {@code double} option of a command line as a decimal number ({@code 0.5}, {@code 2}, {@code 1e-3},
 * {@code .5}), or as {@code NaN} / {@code Infinity}, which the commands' own checks refuse naming the option and the
 * range. Java's own reading also takes a type suffix and hexadecimal ({@code 7d}, {@code 2f}, {@code 0x1p3}), so
 * {@code --search-timeout 7d} was 7 seconds, not 7 days: such spellings are refused naming the option, e.g.
 * {@code Invalid value for option '--seconds': expected a decimal number such as 0.5 or 1e-3, got '7d'}.
 * {@code -0} reads as 0, so that a command echoing its options does not print {@code -0.0}.
 */
public final class DecimalNumbers {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NOT_FINITE = Pattern.compile("[+-]?(NaN|Infinity)");

    private DecimalNumbers() {
    }

    /** Installs the reading on {@code cli} and all its subcommands, for {@code double} and {@code Double} options. */
    public static void install(CommandLine cli) {
        CommandLine.ITypeConverter<Double> read = DecimalNumbers::parse;
        cli.registerConverter(Double.class, read);
        cli.registerConverter(Double.TYPE, read);
    }

    /**
     * {@code text} (white space around it ignored) as a double; negative zero as zero.
     *
     * @throws CommandLine.TypeConversionException when it is no decimal number, NaN or Infinity
     */
    public static double parse(String text) {
        String number = text.strip();
        if (!DECIMAL.matcher(number).matches() && !NOT_FINITE.matcher(number).matches()) {
            throw new CommandLine.TypeConversionException(
                    "expected a decimal number such as 0.5 or 1e-3, got '" + text + "'");
        }
        return Double.parseDouble(number) + 0.0; // -0.0 + 0.0 is 0.0
    }
}
