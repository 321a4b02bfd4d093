package io.klassic.tools.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a tool's command line the way the jopt-simple library behind Apache Kafka's tools does, without
 * abbreviations:
 *
 * <ul>
 *   <li>{@code --name} or {@code -name}; an argument follows as the next token or after {@code =}
 *       ({@code --name=value});</li>
 *   <li>an option with a required argument takes the next token whatever it looks like ({@code --offset -1});
 *       one with an optional argument takes it only if it does not look like an option;</li>
 *   <li>tokens that are not options are collected as non-option arguments; {@code --} ends the options;</li>
 *   <li>options declared {@link #requiredUnless required unless} another is present are checked after parsing,
 *       except when a {@link OptionSpec#forHelp() help} option was given.</li>
 * </ul>
 *
 * <p>Not thread-safe while options are declared; {@link #parse} and {@link #printHelpOn} may then be called from
 * any thread.
 */
public final class OptionParser {

    private final Map<String, OptionSpec<?>> options = new LinkedHashMap<>();
    private final Map<OptionSpec<?>, List<OptionSpec<?>>> requiredUnless = new LinkedHashMap<>();

    /** Declares a flag or, through {@link OptionSpec#withRequiredArg()}, an option with an argument. */
    public OptionSpec<Void> accepts(String name, String description) {
        if (options.containsKey(name)) {
            throw new IllegalArgumentException("Option " + name + " is declared twice.");
        }
        OptionSpec<Void> spec = new OptionSpec<>(name, description);
        options.put(name, spec);
        return spec;
    }

    public OptionSpec<Void> accepts(String name) {
        return accepts(name, "");
    }

    /** {@code spec} must be given unless one of {@code alternatives} is. */
    public void requiredUnless(OptionSpec<?> spec, OptionSpec<?>... alternatives) {
        requiredUnless.put(spec, List.of(alternatives));
    }

    /** The declared options, in declaration order. */
    public List<OptionSpec<?>> options() {
        return List.copyOf(options.values());
    }

    /**
     * Parses {@code args}.
     *
     * @throws OptionException for an unknown option, a missing argument or a missing required option
     */
    public OptionSet parse(String... args) {
        OptionSet set = new OptionSet();
        int i = 0;
        while (i < args.length) {
            String token = args[i++];
            if (token.equals("--")) {
                while (i < args.length) {
                    set.addNonOptionArgument(args[i++]);
                }
                break;
            }
            if (!looksLikeAnOption(token)) {
                set.addNonOptionArgument(token);
                continue;
            }
            String body = token.startsWith("--") ? token.substring(2) : token.substring(1);
            String inlineArgument = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                inlineArgument = body.substring(eq + 1);
                body = body.substring(0, eq);
            }
            OptionSpec<?> spec = options.get(body);
            if (spec == null) {
                throw OptionException.unrecognized(body);
            }
            switch (spec.argumentMode()) {
                case NONE -> set.add(spec, null);
                case REQUIRED -> {
                    if (inlineArgument != null) {
                        set.add(spec, inlineArgument);
                    } else if (i < args.length) {
                        set.add(spec, args[i++]);
                    } else {
                        throw OptionException.missingArgument(spec);
                    }
                }
                case OPTIONAL -> {
                    if (inlineArgument != null) {
                        set.add(spec, inlineArgument);
                    } else if (i < args.length && !looksLikeAnOption(args[i])) {
                        set.add(spec, args[i++]);
                    } else {
                        set.add(spec, null);
                    }
                }
            }
        }
        checkRequired(set);
        return set;
    }

    private void checkRequired(OptionSet set) {
        for (OptionSpec<?> spec : options.values()) {
            if (spec.isForHelp() && set.has(spec)) {
                return;
            }
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<OptionSpec<?>, List<OptionSpec<?>>> e : requiredUnless.entrySet()) {
            if (set.has(e.getKey())) {
                continue;
            }
            boolean alternativeGiven = e.getValue().stream().anyMatch(set::has);
            if (!alternativeGiven) {
                missing.add(e.getKey().name());
            }
        }
        if (!missing.isEmpty()) {
            throw OptionException.missingRequired(missing.toString());
        }
    }

    private static boolean looksLikeAnOption(String token) {
        return token.length() > 1 && token.startsWith("-") && !token.equals("--");
    }

    /** Writes the help screen: one row per option, sorted by name, in two columns. */
    public void printHelpOn(PrintStream out) {
        out.print(HelpFormatter.format(new ArrayList<>(options.values())));
        out.flush();
    }

    /** The help screen as text. */
    public String helpText() {
        return HelpFormatter.format(new ArrayList<>(options.values()));
    }
}
