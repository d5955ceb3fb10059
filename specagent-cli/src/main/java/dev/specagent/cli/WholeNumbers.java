package dev.specagent.cli;

import picocli.CommandLine;

import java.util.regex.Pattern;

/**
 * Reads every whole-number option ({@code int}, {@code long}) of a command line as written in ASCII digits with an
 * optional sign, white space around it ignored, as {@link DecimalNumbers} reads the decimal ones. Java's own reading
 * also takes the digits of every script ({@code --k ٣} was 3, where {@code --p ٠.٥} is refused) and calls the
 * type by its Java name ({@code '1.5' is not an int}); such values are now refused naming the option, e.g.
 * {@code Invalid value for option '--k': expected a whole number such as 3, got '1.5'}, and one out of the type's range
 * names the range.
 */
public final class WholeNumbers {

    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");

    private WholeNumbers() {
    }

    /**
     * Installs the reading on {@code cli} and all its subcommands, for {@code int}, {@code Integer}, {@code long} and
     * {@code Long} options.
     */
    public static void install(CommandLine cli) {
        CommandLine.ITypeConverter<Integer> readInt = text -> (int) parse(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
        CommandLine.ITypeConverter<Long> readLong = text -> parse(text, Long.MIN_VALUE, Long.MAX_VALUE);
        cli.registerConverter(Integer.class, readInt);
        cli.registerConverter(Integer.TYPE, readInt);
        cli.registerConverter(Long.class, readLong);
        cli.registerConverter(Long.TYPE, readLong);
    }

    /**
     * {@code text} (white space around it ignored) as a whole number within {@code min..max}.
     *
     * @throws CommandLine.TypeConversionException when it is no whole number in ASCII digits, or out of the range
     */
    public static long parse(String text, long min, long max) {
        String number = text.strip();
        if (!WHOLE.matcher(number).matches()) {
            throw new CommandLine.TypeConversionException("expected a whole number such as 3, got '" + text + "'");
        }
        try {
            long value = Long.parseLong(number);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException beyondLong) {
            // out of every range asked for
        }
        throw new CommandLine.TypeConversionException(
                "expected a whole number from " + min + " to " + max + ", got '" + text + "'");
    }
}
