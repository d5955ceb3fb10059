package dev.specagent.envs.ostune.workload;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.lossy.ControlledSystem;
import dev.specagent.envs.ostune.knob.KnobUnavailableException;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The real workload: {@code sysbench cpu} reporting its p95 latency every second, optionally pinned to
 * one CPU ({@code taskset}) and run under {@code SCHED_RR} ({@code chrt -r}), which makes
 * {@code sched_rr_timeslice_ms} govern it. Needs a real clock. The process (and its threads) is
 * destroyed on {@link #stop()} and, should the JVM stop first, from a shutdown hook.
 */
public final class SysbenchWorkload implements Workload {

    /**
     * How to run sysbench.
     *
     * @param threads     worker threads ({@code --threads})
     * @param cpuMaxPrime work per event ({@code --cpu-max-prime})
     * @param seconds     how long sysbench runs at most ({@code --time}); the run stops it earlier
     * @param cpu         the CPU to pin to, or -1 for none
     * @param rrPriority  the {@code SCHED_RR} priority (1–99), or 0 for the default policy
     */
    public record Config(int threads, int cpuMaxPrime, int seconds, int cpu, int rrPriority) {

        public Config {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("sysbench threads must be in 1..256, got " + threads);
            }
            if (cpuMaxPrime < 100) {
                throw new IllegalArgumentException("sysbench cpu-max-prime must be at least 100, got " + cpuMaxPrime);
            }
            if (seconds < 1) {
                throw new IllegalArgumentException("sysbench time must be at least 1 s, got " + seconds);
            }
            if (rrPriority < 0 || rrPriority > 99) {
                throw new IllegalArgumentException("SCHED_RR priority must be in 0..99, got " + rrPriority);
            }
        }

        /**
         * The default for {@code sched_rr_timeslice_ms}: 3 threads with ~3 ms events pinned to the last CPU this
         * process may run on ({@link #lastAllowedCpu()}) under {@code SCHED_RR} priority 1, so only one CPU is loaded.
         */
        public static Config rrDefault(int seconds) {
            return new Config(3, 60000, seconds, lastAllowedCpu(), 1);
        }

        /** The default for CFS's {@code min_granularity_ns}: the same load under the normal policy. */
        public static Config cfsDefault(int seconds) {
            return new Config(3, 60000, seconds, lastAllowedCpu(), 0);
        }
    }

    /**
     * The last CPU this process may run on, by {@code Cpus_allowed_list} in {@code /proc/self/status}. The number of
     * CPUs less one, which it was taken as, need not be one of them: in a container limited to CPUs {@code 2-3} it is
     * CPU 1, which {@code taskset} refuses (the cpuset forbids it), failing every real run; under {@code taskset -c 1}
     * it is CPU 0, a CPU the user kept the run off. That count less one where the list cannot be read.
     */
    static int lastAllowedCpu() {
        try {
            return lastCpu(Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII))
                    .orElse(Runtime.getRuntime().availableProcessors() - 1);
        } catch (IOException | UncheckedIOException e) {
            return Runtime.getRuntime().availableProcessors() - 1;
        }
    }

    /** The highest CPU of the {@code Cpus_allowed_list} line of {@code status} (e.g. {@code 0-1,4}), empty when none. */
    static OptionalInt lastCpu(List<String> status) {
        for (String line : status) {
            if (line.startsWith("Cpus_allowed_list:")) {
                OptionalInt last = OptionalInt.empty();
                for (String n : line.substring(line.indexOf(':') + 1).strip().split("[,-]")) {
                    if (!n.matches("[0-9]{1,6}")) {
                        return OptionalInt.empty();
                    }
                    int cpu = Integer.parseInt(n);
                    if (last.isEmpty() || cpu > last.getAsInt()) {
                        last = OptionalInt.of(cpu);
                    }
                }
                return last;
            }
        }
        return OptionalInt.empty();
    }

    private final List<String> command;
    private final Function<String, OptionalDouble> reports;
    private volatile boolean stopped;
    private Process process;
    private Thread hook;

    public SysbenchWorkload(Config config) {
        this(command(config));
    }

    /** Runs {@code command} instead of sysbench (tests: a scripted stand-in that prints sysbench's reports). */
    SysbenchWorkload(List<String> command) {
        this(command, SysbenchReportParser::p95);
    }

    /** Runs {@code command}, reading each line of its output with {@code reports} (tests: a parser that fails). */
    SysbenchWorkload(List<String> command, Function<String, OptionalDouble> reports) {
        this.command = List.copyOf(command);
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    /** The command line that runs sysbench for {@code config}. */
    static List<String> command(Config config) {
        List<String> cmd = new ArrayList<>();
        if (config.cpu() >= 0) {
            cmd.addAll(List.of(tool("taskset"), "-c", Integer.toString(config.cpu())));
        }
        if (config.rrPriority() > 0) {
            cmd.addAll(List.of(tool("chrt"), "-r", Integer.toString(config.rrPriority())));
        }
        cmd.addAll(List.of(tool("sysbench"), "cpu", "--threads=" + config.threads(), "--cpu-max-prime=" + config.cpuMaxPrime(),
                "--time=" + config.seconds(), "--report-interval=1", "--percentile=95", "run"));
        return cmd;
    }

    /**
     * The path of {@code name} on PATH (or /usr/sbin, /sbin).
     *
     * @throws KnobUnavailableException when missing: a real knob cannot be tuned here without its workload
     */
    static String tool(String name) {
        return find(name).orElseThrow(() -> new KnobUnavailableException(name + " is not installed: run scripts/ensure-tools.sh "
                + "(or apt-get install " + (name.equals("sysbench") ? "sysbench" : "util-linux") + ")"));
    }

    /** Where {@code name} is installed, if it is. */
    public static Optional<String> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/sbin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void start(Clock clock, ControlledSystem.Sink sink) {
        if (clock.isSimulated()) {
            throw new IllegalStateException("sysbench runs in real time: use a real clock (or the simulated knob)");
        }
        if (process != null || hook != null) {
            throw new IllegalStateException("sysbench already started");
        }
        // the hook first: armed after the start, a JVM already ending (Ctrl-C as the run starts) refused it and the
        // process outlived the JVM; the hook waits for this monitor, so it sees the process once started
        Thread h = new Thread(this::stopAsTheJvmEnds, "specagent-stop-sysbench");
        try {
            Runtime.getRuntime().addShutdownHook(h);
        } catch (IllegalStateException ending) {
            throw new IllegalStateException("the JVM is ending: sysbench not started", ending);
        }
        hook = h;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            disarm();
            throw new UncheckedIOException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        Process p = process;
        StringBuilder errors = new StringBuilder();
        Thread errorReader = Thread.ofVirtual().start(() -> drain(p, errors));
        clock.blockingExecutor().execute(() -> readReports(clock, sink, p, errorReader, errors));
    }

    private void readReports(Clock clock, ControlledSystem.Sink sink, Process p, Thread errorReader, StringBuilder errors) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                OptionalDouble p95 = reports.apply(line);
                if (p95.isPresent()) {
                    double v = p95.getAsDouble();
                    clock.execute(() -> sink.reading(v));
                }
            }
            int code = p.waitFor();
            errorReader.join(1000);
            if (!stopped) {
                String why = "sysbench ended before the run did (exit code " + code + ")"
                        + (errors.isEmpty() ? "" : ": " + errors.toString().strip());
                clock.execute(() -> sink.failed(new IllegalStateException(why)));
            }
        } catch (IOException e) {
            if (!stopped) {
                clock.execute(() -> sink.failed(new UncheckedIOException("reading sysbench's output: " + e.getMessage(), e)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) { // an Error too, as core fails a call: else readings stop, the run goes on
            if (!stopped) {
                clock.execute(() -> sink.failed(e));
            }
        }
    }

    private static void drain(Process p, StringBuilder errors) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                synchronized (errors) {
                    if (errors.length() < 2000) {
                        errors.append(line).append(' ');
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    private static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long readingIntervalNanos() {
        return Clock.nanos(1);
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        if (process != null) {
            destroy(process);
        }
        disarm();
    }

    /** The shutdown hook: the JVM is ending before the run stopped the workload. */
    private synchronized void stopAsTheJvmEnds() {
        stopped = true;
        if (process != null) {
            destroy(process);
        }
    }

    private void disarm() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            hook = null;
        }
    }

    /** Whether the sysbench process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public String describe() {
        return String.join(" ", command);
    }
}
