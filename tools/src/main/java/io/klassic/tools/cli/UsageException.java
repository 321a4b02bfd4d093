package io.klassic.tools.cli;

/**
 * A command line that parsed but cannot be run (no action, a missing argument, options that do not go
 * together). The tool prints the message, then its help screen, on standard error and exits with 1, as Apache
 * Kafka's {@code CommandLineUtils.printUsageAndExit} does.
 *
 * <p>Immutable and thread-safe.
 */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
