package io.klassic.tools.cli;

/**
 * The part every tool's options share: the parser, {@code --help} and {@code --version}, and how a parsed
 * command line asks for either (help: the tool's purpose and its help screen on standard error, exit 1;
 * version: the version on standard output, exit 0 — as Apache Kafka's tools do).
 *
 * <p>Not thread-safe; a tool builds and reads its options on one thread.
 */
public abstract class CommandOptions {

    protected final OptionParser parser = new OptionParser();
    protected final OptionSpec<Void> helpOpt = parser.accepts("help", "Print usage information.").forHelp();
    protected final OptionSpec<Void> versionOpt = parser.accepts("version", "Display Klassic version.").forHelp();
    protected OptionSet options;

    public OptionParser parser() {
        return parser;
    }

    public OptionSet options() {
        return options;
    }

    /**
     * Handles {@code --help} (throws a {@link UsageException} with {@code message}) and {@code --version} (prints
     * the version to {@code io.out()} and throws an {@link ExitException} with code 0).
     */
    protected void maybePrintHelpOrVersion(ToolIo io, String message) {
        if (options.has(helpOpt)) {
            throw new UsageException(message);
        }
        if (options.has(versionOpt)) {
            io.out().println(ToolVersion.version());
            throw new ExitException(0);
        }
    }

    /** Prints a usage problem and the help screen on standard error; the exit code is 1. */
    public int printUsage(ToolIo io, UsageException e) {
        io.err().println(e.getMessage());
        parser.printHelpOn(io.err());
        return 1;
    }
}
