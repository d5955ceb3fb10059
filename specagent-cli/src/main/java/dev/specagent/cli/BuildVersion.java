package dev.specagent.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version {@code specagent --version} prints: the project's version as Maven built it ({@code version.properties},
 * a filtered resource), so that it cannot drift from the pom's as a version written in the code did.
 */
public final class BuildVersion implements CommandLine.IVersionProvider {

    private static final String RESOURCE = "version.properties";

    /** The project's version, such as {@code 0.1.0-SNAPSHOT}; "unknown" where the resource was not built. */
    public static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").strip();
            return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"specagent " + version()};
    }
}
