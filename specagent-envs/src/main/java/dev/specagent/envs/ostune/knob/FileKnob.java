package dev.specagent.envs.ostune.knob;

import dev.specagent.core.data.IoErrors;
import dev.specagent.core.lossy.SafetyEnvelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An integer kernel parameter exposed as a file (procfs sysctl or debugfs), such as
 * {@code /proc/sys/kernel/sched_rr_timeslice_ms}. Values are written as whole numbers.
 */
public final class FileKnob implements Knob {

    private final Path path;
    private final String name;
    private final String unit;
    private final SafetyEnvelope envelope;
    private final double badValue;

    public FileKnob(Path path, String name, String unit, SafetyEnvelope envelope, double badValue) {
        this.path = path;
        this.name = name;
        this.unit = unit;
        this.envelope = envelope;
        this.badValue = badValue;
    }

    /** The file behind the knob. */
    public Path path() {
        return path;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unit() {
        return unit;
    }

    @Override
    public double read() {
        String text;
        // procfs reports size 0; Files.readString then returned only the first byte ("100" read as "1")
        try (InputStream in = Files.newInputStream(path)) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + IoErrors.reason(e), e);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            String why = path + ": expected a whole number, found '" + text + "'";
            throw new UncheckedIOException(why, new IOException(why, e)); // the one-argument form prefixes "java.io.IOException: "
        }
    }

    @Override
    public double write(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": cannot write " + value);
        }
        try {
            Files.writeString(path, Long.toString(Math.round(value)), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + Math.round(value) + " to " + path + ": " + IoErrors.reason(e), e);
        }
        return read();
    }

    @Override
    public SafetyEnvelope defaultEnvelope() {
        return envelope;
    }

    @Override
    public double badValue() {
        return badValue;
    }

    @Override
    public boolean isReal() {
        return true;
    }

    @Override
    public String toString() {
        return name + " (" + path + ")";
    }
}
