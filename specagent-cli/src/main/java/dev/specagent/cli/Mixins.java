package dev.specagent.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/** Finds a command's option mixins of a given type, e.g. every {@code --report} option, for checks all commands share. */
final class Mixins {

    private Mixins() {
    }

    /** The command itself if it is a {@code type}, then every mixin of that type, nested ones included, in order. */
    static <T> List<T> of(CommandSpec command, Class<T> type) {
        List<T> found = new ArrayList<>();
        if (type.isInstance(command.userObject())) {
            found.add(type.cast(command.userObject()));
        }
        command.mixins().values().forEach(mixin -> found.addAll(of(mixin, type)));
        return found;
    }
}
