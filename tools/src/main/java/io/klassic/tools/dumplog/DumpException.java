package io.klassic.tools.dumplog;

/**
 * A file that cannot be dumped any further (missing, unreadable, not what its name says). The tool prints the
 * message on standard error and exits with 1, where Apache Kafka's tool dies with the exception's stack trace.
 *
 * <p>Immutable and thread-safe.
 */
public class DumpException extends RuntimeException {

    public DumpException(String message) {
        super(message);
    }

    public DumpException(String message, Throwable cause) {
        super(message, cause);
    }
}
