package io.klassic.tools.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options found on one command line, with their raw arguments in order of appearance. Arguments are
 * converted to the option's type when asked for, so that a bad number fails where the tool reads it, with
 * {@code Cannot parse argument 'x' of option partitions} (as in Apache Kafka's tools).
 *
 * <p>Immutable once built by {@link OptionParser#parse}; thread-safe.
 */
public final class OptionSet {

    private final Map<OptionSpec<?>, List<String>> detected = new IdentityHashMap<>();
    private final List<String> nonOptionArguments = new ArrayList<>();

    OptionSet() {
    }

    void add(OptionSpec<?> spec, String argument) {
        List<String> args = detected.computeIfAbsent(spec, s -> new ArrayList<>());
        if (argument != null) {
            args.add(argument);
        }
    }

    void addNonOptionArgument(String argument) {
        nonOptionArguments.add(argument);
    }

    /** Whether the option was given on the command line (a default value does not count). */
    public boolean has(OptionSpec<?> spec) {
        return detected.containsKey(spec);
    }

    /** Whether the option was given with at least one argument. */
    public boolean hasArgument(OptionSpec<?> spec) {
        List<String> args = detected.get(spec);
        return args != null && !args.isEmpty();
    }

    /**
     * The option's single argument, converted; its default when it was not given (or given without argument);
     * null when there is neither.
     *
     * @throws OptionException if it was given several times, or its argument does not convert
     */
    public <V> V valueOf(OptionSpec<V> spec) {
        List<V> values = valuesOf(spec);
        return switch (values.size()) {
            case 0 -> null;
            case 1 -> values.get(0);
            default -> throw OptionException.multipleArguments(spec);
        };
    }

    /** All the option's arguments, converted, in order; its defaults when it was given with none. */
    public <V> List<V> valuesOf(OptionSpec<V> spec) {
        List<String> raw = detected.get(spec);
        if (raw == null || raw.isEmpty()) {
            return spec.defaultValues();
        }
        List<V> values = new ArrayList<>(raw.size());
        for (String r : raw) {
            values.add(spec.convert(r));
        }
        return Collections.unmodifiableList(values);
    }

    /** The arguments that belong to no option, in order. */
    public List<String> nonOptionArguments() {
        return Collections.unmodifiableList(nonOptionArguments);
    }
}
