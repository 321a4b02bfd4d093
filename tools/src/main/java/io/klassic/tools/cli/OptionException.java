package io.klassic.tools.cli;

/**
 * A command line that does not parse: an unknown option, a missing or unconvertible argument, a value asked for
 * once but given several times. The messages are those of the jopt-simple library Apache Kafka's tools are built
 * on ({@code foo is not a recognized option}, {@code Option topic requires an argument}, ...), so that scripts
 * matching Kafka's errors keep working.
 *
 * <p>Immutable and thread-safe.
 */
public class OptionException extends RuntimeException {

    public OptionException(String message) {
        super(message);
    }

    public OptionException(String message, Throwable cause) {
        super(message, cause);
    }

    static OptionException unrecognized(String option) {
        return new OptionException(option + " is not a recognized option");
    }

    static OptionException missingArgument(OptionSpec<?> spec) {
        return new OptionException("Option " + spec.name() + " requires an argument");
    }

    static OptionException cannotParse(OptionSpec<?> spec, String argument, Throwable cause) {
        return new OptionException("Cannot parse argument '" + argument + "' of option " + spec.name(), cause);
    }

    static OptionException multipleArguments(OptionSpec<?> spec) {
        return new OptionException("Found multiple arguments for option " + spec.name()
                + ", but you asked for only one");
    }

    static OptionException missingRequired(String names) {
        return new OptionException("Missing required option(s) " + names);
    }
}
