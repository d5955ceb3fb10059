package dev.specagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code specagent} command line in-process and captures its output and exit code. */
public final class CliTestSupport {

    /** What a command printed and returned. */
    public record Result(int exitCode, String out, String err) {

        /** Standard output parsed as JSON (for {@code --json} runs). */
        public JsonNode json() throws JsonProcessingException {
            return CanonicalJson.MAPPER.readTree(out);
        }
    }

    private CliTestSupport() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
