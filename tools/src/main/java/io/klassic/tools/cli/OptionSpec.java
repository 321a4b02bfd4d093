package io.klassic.tools.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * One command-line option of a tool: its long name ({@code --name}, also accepted as {@code -name} and
 * {@code --name=value}), its description for the help screen, whether it takes an argument (none, required, or
 * optional), the argument's type and description, and its default values.
 *
 * <p>Built fluently while a tool declares its options ({@code parser.accepts("partitions", "...")
 * .withRequiredArg().describedAs("# of partitions").ofType(Integer.class)}); not thread-safe while being built,
 * effectively immutable once parsing starts.
 *
 * @param <V> the type of the option's argument values
 */
public final class OptionSpec<V> {

    /** Whether and how an option takes an argument. */
    public enum ArgumentMode { NONE, REQUIRED, OPTIONAL }

    private final String name;
    private final String description;
    private ArgumentMode argumentMode = ArgumentMode.NONE;
    private Class<?> type = String.class;
    private String argumentDescription = "";
    private final List<Object> defaults = new ArrayList<>();
    private boolean forHelp;

    OptionSpec(String name, String description) {
        this.name = name;
        this.description = description == null ? "" : description;
    }

    /** The option takes exactly one argument each time it is given (the next token, whatever it looks like). */
    public OptionSpec<String> withRequiredArg() {
        argumentMode = ArgumentMode.REQUIRED;
        return cast();
    }

    /** The option may be followed by an argument; the next token is taken unless it looks like an option. */
    public OptionSpec<String> withOptionalArg() {
        argumentMode = ArgumentMode.OPTIONAL;
        return cast();
    }

    /** What the argument means, shown in the help screen as {@code <Type: description>}. */
    public OptionSpec<V> describedAs(String argumentDescription) {
        this.argumentDescription = argumentDescription;
        return this;
    }

    /** The type arguments are converted to: String, Integer, Long or Double. */
    public <W> OptionSpec<W> ofType(Class<W> type) {
        if (type != String.class && type != Integer.class && type != Long.class && type != Double.class) {
            throw new IllegalArgumentException("Option " + name + ": unsupported argument type " + type.getName());
        }
        this.type = type;
        return cast();
    }

    /** The value(s) {@link OptionSet#valueOf} returns when the option is absent; shown in the help screen. */
    @SafeVarargs
    public final OptionSpec<V> defaultsTo(V value, V... more) {
        defaults.clear();
        defaults.add(value);
        Collections.addAll(defaults, more);
        return this;
    }

    /** Marks a help/version option: when given, missing required options are not reported. */
    public OptionSpec<V> forHelp() {
        forHelp = true;
        return this;
    }

    @SuppressWarnings("unchecked")
    private <W> OptionSpec<W> cast() {
        return (OptionSpec<W>) this;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public ArgumentMode argumentMode() {
        return argumentMode;
    }

    public boolean takesArgument() {
        return argumentMode != ArgumentMode.NONE;
    }

    public boolean isForHelp() {
        return forHelp;
    }

    String argumentDescription() {
        return argumentDescription;
    }

    Class<?> type() {
        return type;
    }

    @SuppressWarnings("unchecked")
    List<V> defaultValues() {
        return (List<V>) Collections.unmodifiableList(defaults);
    }

    /** Converts one raw argument to the option's type. */
    @SuppressWarnings("unchecked")
    V convert(String raw) {
        Function<String, ?> converter;
        if (type == Integer.class) {
            converter = Integer::valueOf;
        } else if (type == Long.class) {
            converter = Long::valueOf;
        } else if (type == Double.class) {
            converter = Double::valueOf;
        } else {
            converter = s -> s;
        }
        try {
            return (V) converter.apply(raw);
        } catch (RuntimeException e) {
            throw OptionException.cannotParse(this, raw, e);
        }
    }

    /** As jopt-simple prints an option in messages: its names in brackets, {@code [partitions]}. */
    @Override
    public String toString() {
        return "[" + name + "]";
    }
}
