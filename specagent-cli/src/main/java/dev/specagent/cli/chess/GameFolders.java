package dev.specagent.cli.chess;

import dev.specagent.cli.BadInputException;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.data.FileNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds a recorded chess game folder from a path, a game id, or a unique prefix of an id. */
final class GameFolders {

    private GameFolders() {
    }

    static Path resolve(String game) {
        if (game.isBlank()) {
            throw new BadInputException("--game must name a game folder or a recorded game id, got an empty value");
        }
        Path direct;
        try {
            direct = Path.of(game);
        } catch (InvalidPathException e) {
            throw new BadInputException("--game: '" + game + "' is no path: " + FileNames.whyNoPath(e));
        }
        if (Files.isDirectory(direct)) {
            return direct;
        }
        Path base;
        try {
            base = DataDirectory.require("chess");
        } catch (IllegalStateException e) {
            throw new BadInputException("--game: no folder '" + game + "' and " + e.getMessage());
        }
        List<Path> all = games(base);
        List<Path> matches = all.stream().filter(p -> p.getFileName().toString().startsWith(game)).toList();
        if (matches.size() != 1) {
            throw new BadInputException("--game: '" + game + "' is " + (matches.isEmpty() ? "not" : "not uniquely")
                    + " a folder or a recorded game id; recorded games: "
                    + all.stream().map(p -> p.getFileName().toString()).toList());
        }
        return matches.get(0);
    }

    static List<Path> games(Path base) {
        try (Stream<Path> dirs = Files.list(base)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("cannot list " + base + ": " + e.getMessage(), e);
        }
    }
}
