package io.klassic.tools.cli;

/**
 * Ends a tool with an exit code once it has said why (on standard error or output). Thrown instead of calling
 * {@link System#exit} deep inside a tool so that tests can run tools in-process; each tool's {@code main}
 * turns it into the process exit code.
 *
 * <p>Immutable and thread-safe.
 */
public class ExitException extends RuntimeException {

    private final int code;

    public ExitException(int code) {
        super("exit " + code, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
