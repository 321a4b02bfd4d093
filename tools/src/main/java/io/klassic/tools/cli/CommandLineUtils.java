package io.klassic.tools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

/**
 * Checks and helpers shared by the tools, with Apache Kafka's messages:
 *
 * <ul>
 *   <li>{@code Missing required argument "[topic]"};</li>
 *   <li>{@code Option "[partitions]" can't be used with option "[describe]"};</li>
 *   <li>{@code Option combination "[[bootstrap-server], [config]]" can't be used with option "[alter]"};</li>
 *   <li>{@code key=value} lists ({@code --property}, {@code --producer-property}) and properties files.</li>
 * </ul>
 *
 * Usage problems are thrown as {@link UsageException}s, for the tool to print with its help screen.
 *
 * <p>Stateless and thread-safe.
 */
public final class CommandLineUtils {

    private CommandLineUtils() {
    }

    /** Every one of {@code required} must be present. */
    public static void checkRequiredArgs(OptionSet options, OptionSpec<?>... required) {
        for (OptionSpec<?> spec : required) {
            if (!options.has(spec)) {
                throw new UsageException("Missing required argument \"" + spec + "\"");
            }
        }
    }

    /** When {@code used} is present, none of {@code invalid} may be. */
    public static void checkInvalidArgs(OptionSet options, OptionSpec<?> used, Collection<? extends OptionSpec<?>> invalid) {
        if (!options.has(used)) {
            return;
        }
        for (OptionSpec<?> spec : invalid) {
            if (options.has(spec)) {
                throw new UsageException("Option \"" + used + "\" can't be used with option \"" + spec + "\"");
            }
        }
    }

    /** When all of {@code used} are present, none of {@code invalid} may be; {@code trailer} ends the message. */
    public static void checkInvalidArgsSet(OptionSet options, List<? extends OptionSpec<?>> used,
                                           Collection<? extends OptionSpec<?>> invalid, String trailer) {
        if (!used.stream().allMatch(options::has)) {
            return;
        }
        for (OptionSpec<?> spec : invalid) {
            if (options.has(spec)) {
                throw new UsageException("Option combination \"" + used + "\" can't be used with option \"" + spec
                        + "\"" + trailer);
            }
        }
    }

    /**
     * Parses {@code key=value} arguments (split at the first {@code =}); a key without value maps to the empty
     * string.
     */
    public static Properties parseKeyValueArgs(List<String> args) {
        Properties props = new Properties();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                props.put(arg, "");
            } else {
                props.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        return props;
    }

    /** Loads a properties file. */
    public static Properties loadProps(String file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            props.load(in);
        }
        return props;
    }

    /**
     * Sets {@code key} from {@code spec} (its argument, or its default) when the option was given or the key is
     * not set yet: an explicit option wins over a property, a property over an option's default.
     */
    public static void maybeMergeOptions(Properties props, String key, OptionSet options, OptionSpec<?> spec) {
        if (options.has(spec) || !props.containsKey(key)) {
            Object value = options.valueOf(spec);
            if (value == null) {
                props.remove(key);
            } else {
                props.put(key, value.toString());
            }
        }
    }
}
