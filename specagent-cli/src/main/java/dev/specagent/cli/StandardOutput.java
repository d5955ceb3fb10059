package dev.specagent.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The process's standard output as the commands write it (through picocli's {@link PrintWriter}), remembering why a
 * write failed: a {@code PrintWriter} swallows the failure, so a result lost on a full disk ({@code > out.json}) or a
 * closed descriptor ({@code >&-}) used to end with exit 0. A reader that stopped early ({@code | head -1}, a broken
 * pipe) took what it wanted: that is no failure of the command.
 */
final class StandardOutput extends FilterOutputStream {

    private volatile IOException failure;

    private StandardOutput(OutputStream out) {
        super(out);
    }

    /** The process's standard output (file descriptor 1), buffered. */
    static StandardOutput open() {
        return new StandardOutput(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
    }

    /** A writer on this stream in {@code charset}, flushing at every line, as picocli's own. */
    PrintWriter writer(Charset charset) {
        return new PrintWriter(new OutputStreamWriter(this, charset), true);
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private IOException failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /**
     * The exit code of a command that returned {@code code} and wrote through {@code writer} (on this stream): when a
     * write failed other than on a broken pipe, says so on {@code err} and returns {@link Main#EXIT_BAD_INPUT} unless
     * the command had failed already, as for any output file that cannot be written.
     */
    int exitCode(int code, PrintWriter writer, PrintWriter err) {
        writer.flush();
        IOException e = failure;
        if (e == null || "Broken pipe".equals(e.getMessage())) {
            return code;
        }
        err.println("specagent: could not write standard output: " + e.getMessage());
        err.flush();
        return code == 0 ? Main.EXIT_BAD_INPUT : code;
    }
}
