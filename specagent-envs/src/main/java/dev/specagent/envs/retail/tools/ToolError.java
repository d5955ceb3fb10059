package dev.specagent.envs.retail.tools;

/**
 * An exception inside a tool that the Python environment would turn into the observation
 * {@code "Error: " + str(e)}; its message is exactly {@code str(e)} of the Python exception
 * (for a {@code KeyError} the quoted key, e.g. {@code 'balance'}).
 */
public final class ToolError extends RuntimeException {

    public ToolError(String pythonMessage) {
        super(pythonMessage, null, false, false);
    }

    /** Python's {@code KeyError(key)}: {@code str(e)} is the key's repr. */
    public static ToolError keyError(String key) {
        return new ToolError(ToolArgs.repr(key));
    }
}
