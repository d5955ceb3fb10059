package dev.specagent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Options whose values are a fixed set are enum-typed and named by the constants' {@code toString()}
 * ({@code --tasks test}, {@code --mode actor-only}). This makes every such option of a command line accept
 * those names in any case when the line is parsed, and reject anything else naming the option and the
 * choices, e.g. {@code Invalid value for option '--tasks': expected one of [test, dev, train], got 'x'};
 * {@code ${COMPLETION-CANDIDATES}} in a description lists the same names.
 */
public final class EnumChoices {

    private EnumChoices() {
    }

    /** Installs the conversion on every enum-typed option of {@code cli} and of all its subcommands. */
    public static void install(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        for (OptionSpec option : List.copyOf(spec.options())) {
            if (option.type().isEnum()) {
                spec.remove(option);
                spec.addOption(option.toBuilder().converters(converter(option.type())).build());
            }
        }
        cli.getSubcommands().values().forEach(EnumChoices::install);
    }

    private static CommandLine.ITypeConverter<Object> converter(Class<?> type) {
        List<Object> constants = Arrays.asList(type.getEnumConstants());
        List<String> names = constants.stream().map(Object::toString).toList();
        return value -> {
            String wanted = value.strip().toLowerCase(Locale.ROOT);
            for (Object constant : constants) {
                if (constant.toString().toLowerCase(Locale.ROOT).equals(wanted)) {
                    return constant;
                }
            }
            throw new CommandLine.TypeConversionException("expected one of " + names + ", got '" + value + "'");
        };
    }
}
