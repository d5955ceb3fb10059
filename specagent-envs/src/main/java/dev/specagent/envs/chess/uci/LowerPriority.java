package dev.specagent.envs.chess.uci;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The command that starts a program at a lower scheduling priority: {@code nice -n N program}, with {@code nice}
 * found on the PATH by the package's rule ({@link Executables#onPath}). {@code nice} raises its own niceness (the
 * kernel's scheduling weight) by N and execs the program, so the program runs in the same process at that niceness.
 * Without privilege a process can raise its niceness but never lower it back, so the priority of a process is fixed
 * when it starts. Without {@code nice} on the PATH the program runs at normal priority, and a warning says so once.
 */
final class LowerPriority {

    private static final System.Logger LOG = System.getLogger(LowerPriority.class.getName());
    private static final Optional<Path> NICE = Executables.onPath("nice", System.getenv("PATH"));
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private LowerPriority() {
    }

    /** Whether {@code nice} is on the PATH. */
    static boolean available() {
        return NICE.isPresent();
    }

    /**
     * The command that runs {@code binary} at {@code niceness} above this process's own (capped by the kernel at
     * 19): through {@code nice} when {@code niceness} is above 0 and {@code nice} is available, else {@code binary}
     * alone.
     */
    static List<String> command(Path binary, int niceness) {
        if (niceness <= 0 || NICE.isEmpty()) {
            return List.of(binary.toString());
        }
        return List.of(NICE.get().toString(), "-n", Integer.toString(niceness), binary.toString());
    }

    /** Says, once in this JVM, that speculative engines run at normal priority because {@code nice} is missing. */
    static void warnUnavailable() {
        if (WARNED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "'nice' is not on the PATH: the chess engine processes that serve "
                    + "speculation run at normal priority, sharing the CPU equally with the committed path's search");
        }
    }
}
