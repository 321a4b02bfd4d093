package io.klassic.tools.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The standard streams a tool reads and writes: the process's own in {@code main}, in-memory ones in tests.
 *
 * <p>Immutable; as thread-safe as the streams it holds.
 *
 * @param in  standard input (records for the console producer)
 * @param out standard output: the tool's results
 * @param err standard error: usage, errors, summaries such as {@code Processed a total of 3 messages}
 */
public record ToolIo(InputStream in, PrintStream out, PrintStream err) {

    /** The process's standard streams. */
    public static ToolIo system() {
        return new ToolIo(System.in, System.out, System.err);
    }
}
