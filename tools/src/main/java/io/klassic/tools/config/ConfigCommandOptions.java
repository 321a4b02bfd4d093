package io.klassic.tools.config;

import io.klassic.tools.cli.CommandLineUtils;
import io.klassic.tools.cli.CommandOptions;
import io.klassic.tools.cli.OptionSpec;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The command line of {@code kafka-configs.sh}, for the entity types Klassic serves: {@code topics} (through a
 * broker or, as Kafka 2.x did, directly in ZooKeeper) and {@code brokers} (through a broker).
 *
 * <p>Checks, in Apache Kafka 3.9's order: no arguments or {@code --help} print the help screen; exactly one
 * action ({@code --describe}, {@code --alter}); one entity type (given as {@code --entity-type} or by the
 * {@code --topic}/{@code --broker} shorthands); one connection ({@code --bootstrap-server} or
 * {@code --zookeeper}); {@code --alter} needs an entity name and something to add or delete; {@code --describe}
 * takes no config changes. A broker's entity name must be an integer.
 *
 * <p>The {@code --add-config} value is {@code k1=v1,k2=[v2,v3]}: entries split at commas outside square brackets,
 * each at its first {@code =}; brackets are dropped from values ({@code [v2,v3]} is the list {@code v2,v3}).
 *
 * <p>Not thread-safe; built and read on the tool's thread.
 */
public final class ConfigCommandOptions extends CommandOptions {

    public static final String TOPICS = "topics";
    public static final String BROKERS = "brokers";
    static final List<String> ENTITY_TYPES = List.of(TOPICS, BROKERS);

    /** A comma or equals sign outside square brackets: no ']' before the next '[' or the end. */
    private static final String OUTSIDE_BRACKETS = "(?=[^\\]]*(?:\\[|$))";
    private static final Pattern ENTRY_SEPARATOR = Pattern.compile("," + OUTSIDE_BRACKETS);
    private static final Pattern KEY_VALUE_SEPARATOR = Pattern.compile("\\s*=\\s*" + OUTSIDE_BRACKETS);

    private final OptionSpec<String> bootstrapServerOpt = parser.accepts("bootstrap-server",
                    "The Kafka server(s) to connect to, HOST1:PORT1,HOST2:PORT2. REQUIRED unless --zookeeper is "
                            + "given.")
            .withRequiredArg().describedAs("server to connect to").ofType(String.class);
    private final OptionSpec<String> zkConnectOpt = parser.accepts("zookeeper",
                    "DEPRECATED. The connection string for the ZooKeeper connection in the form host:port[/chroot]; "
                            + "topic configs are then read and written in ZooKeeper directly.")
            .withRequiredArg().describedAs("urls").ofType(String.class);
    private final OptionSpec<String> commandConfigOpt = parser.accepts("command-config",
                    "Property file containing configs to be passed to the Admin Client.")
            .withRequiredArg().describedAs("command config property file").ofType(String.class);
    private final OptionSpec<Void> describeOpt = parser.accepts("describe", "List configs for the given entity.");
    private final OptionSpec<Void> alterOpt = parser.accepts("alter", "Alter the configuration for the entity.");
    private final OptionSpec<Void> allOpt = parser.accepts("all",
            "List all configs for the given entity, including static and default ones.");
    private final OptionSpec<String> entityTypeOpt = parser.accepts("entity-type",
                    "Type of entity (topics/brokers)")
            .withRequiredArg().ofType(String.class);
    private final OptionSpec<String> entityNameOpt = parser.accepts("entity-name",
                    "Name of entity (topic name/broker id)")
            .withRequiredArg().ofType(String.class);
    private final OptionSpec<Void> entityDefaultOpt = parser.accepts("entity-default",
            "Default entity name for brokers (applies to the cluster-wide default configuration)");
    private final OptionSpec<String> topicOpt = parser.accepts("topic",
                    "The topic's name. Same as --entity-type topics --entity-name <topic>.")
            .withRequiredArg().ofType(String.class);
    private final OptionSpec<String> brokerOpt = parser.accepts("broker",
                    "The broker's ID. Same as --entity-type brokers --entity-name <broker>.")
            .withRequiredArg().ofType(String.class);
    private final OptionSpec<String> addConfigOpt = parser.accepts("add-config",
                    "Key Value pairs of configs to add. Square brackets can be used to group values which contain "
                            + "commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'.")
            .withRequiredArg().ofType(String.class);
    private final OptionSpec<String> addConfigFileOpt = parser.accepts("add-config-file",
                    "Path to a properties file with configs to add.")
            .withRequiredArg().ofType(String.class);
    private final OptionSpec<String> deleteConfigOpt = parser.accepts("delete-config",
                    "config keys to remove 'k1,k2'")
            .withRequiredArg().ofType(String.class);

    private String entityType;
    private Optional<String> entityName = Optional.empty();

    /**
     * Parses and checks {@code args}.
     *
     * @throws io.klassic.tools.cli.OptionException for a command line that does not parse
     * @throws UsageException                       for one that cannot be run (printed with the help screen)
     * @throws IllegalArgumentException             for bad entity types, names or connections (printed alone)
     */
    public ConfigCommandOptions parse(ToolIo io, String... args) {
        options = parser.parse(args);
        if (args.length == 0) {
            throw new UsageException("This tool helps to manipulate and describe entity config for a topic or broker.");
        }
        maybePrintHelpOrVersion(io, "This tool helps to manipulate and describe entity config for a topic or broker.");
        checkArgs();
        return this;
    }

    private void checkArgs() {
        long actions = List.of(describeOpt, alterOpt).stream().filter(options::has).count();
        if (actions != 1) {
            throw new UsageException("Command must include exactly one action: --describe, --alter");
        }
        List<String> types = new ArrayList<>(options.valuesOf(entityTypeOpt));
        List<String> names = new ArrayList<>(options.valuesOf(entityNameOpt));
        if (options.has(topicOpt)) {
            types.add(TOPICS);
            names.add(options.valueOf(topicOpt));
        }
        if (options.has(brokerOpt)) {
            types.add(BROKERS);
            names.add(options.valueOf(brokerOpt));
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("At least one entity type must be specified");
        }
        if (types.size() > 1) {
            throw new IllegalArgumentException("Only one entity type may be specified, found " + types);
        }
        entityType = types.get(0);
        if (!ENTITY_TYPES.contains(entityType)) {
            throw new IllegalArgumentException("Invalid entity type " + entityType
                    + ", the entity type must be one of " + String.join(", ", ENTITY_TYPES));
        }
        if (names.size() > 1) {
            throw new IllegalArgumentException("Only one entity name may be specified, found " + names);
        }
        entityName = names.stream().findFirst();
        if (options.has(entityDefaultOpt) && !entityType.equals(BROKERS)) {
            throw new IllegalArgumentException("--entity-default is only valid with --entity-type brokers");
        }
        if (options.has(entityDefaultOpt) && entityName.isPresent()) {
            throw new IllegalArgumentException("--entity-default and --entity-name cannot be given together");
        }
        if (entityType.equals(BROKERS) && entityName.isPresent()) {
            try {
                Integer.parseInt(entityName.get());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The entity name for brokers must be a valid integer broker id, "
                        + "but it is: " + entityName.get());
            }
        }

        if (options.has(bootstrapServerOpt) && options.has(zkConnectOpt)) {
            throw new IllegalArgumentException("Only one of --bootstrap-server or --zookeeper must be specified");
        }
        if (!options.has(bootstrapServerOpt) && !options.has(zkConnectOpt)) {
            throw new IllegalArgumentException("One of the required --bootstrap-server or --zookeeper arguments "
                    + "must be specified");
        }
        if (options.has(zkConnectOpt) && !entityType.equals(TOPICS)) {
            throw new IllegalArgumentException("Invalid entity type " + entityType + " with --zookeeper: only "
                    + "topics are read and written in ZooKeeper; use --bootstrap-server");
        }
        if (options.has(zkConnectOpt) && options.has(allOpt)) {
            throw new IllegalArgumentException("--all is only supported with --bootstrap-server");
        }

        CommandLineUtils.checkInvalidArgs(options, describeOpt, List.of(alterOpt, addConfigOpt, addConfigFileOpt,
                deleteConfigOpt));
        CommandLineUtils.checkInvalidArgs(options, alterOpt, List.of(allOpt));
        if (options.has(alterOpt)) {
            if (entityName.isEmpty() && !options.has(entityDefaultOpt)) {
                throw new IllegalArgumentException("an entity name must be specified with --alter of " + entityType);
            }
            if (!options.has(addConfigOpt) && !options.has(addConfigFileOpt) && !options.has(deleteConfigOpt)) {
                throw new IllegalArgumentException("At least one of --add-config, --add-config-file, or "
                        + "--delete-config must be specified with --alter");
            }
            CommandLineUtils.checkInvalidArgs(options, addConfigOpt, List.of(addConfigFileOpt));
        }
    }

    // ------------------------------------------------------------------------------------------ accessors

    public boolean describe() {
        return options.has(describeOpt);
    }

    public boolean alter() {
        return options.has(alterOpt);
    }

    public boolean all() {
        return options.has(allOpt);
    }

    /** {@code topics} or {@code brokers}. */
    public String entityType() {
        return entityType;
    }

    public Optional<String> entityName() {
        return entityName;
    }

    public boolean entityDefault() {
        return options.has(entityDefaultOpt);
    }

    public Optional<String> bootstrapServer() {
        return Optional.ofNullable(options.valueOf(bootstrapServerOpt));
    }

    public Optional<String> zkConnect() {
        return Optional.ofNullable(options.valueOf(zkConnectOpt));
    }

    public Properties commandConfig() throws IOException {
        return options.has(commandConfigOpt) ? CommandLineUtils.loadProps(options.valueOf(commandConfigOpt))
                : new Properties();
    }

    /**
     * The configs to add, in order, from {@code --add-config} or {@code --add-config-file}.
     *
     * @throws IllegalArgumentException for an entry that is not {@code key=value}
     */
    public Map<String, String> configsToAdd() throws IOException {
        Map<String, String> configs = new LinkedHashMap<>();
        if (options.has(addConfigFileOpt)) {
            Properties props = CommandLineUtils.loadProps(options.valueOf(addConfigFileOpt));
            props.stringPropertyNames().stream().sorted()
                    .forEach(k -> configs.put(k.trim(), props.getProperty(k).trim()));
        }
        if (options.has(addConfigOpt)) {
            configs.putAll(parseConfigsToAdd(options.valueOf(addConfigOpt)));
        }
        return configs;
    }

    /** The config names of {@code --delete-config}, in order. */
    public List<String> configsToDelete() {
        if (!options.has(deleteConfigOpt)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : options.valueOf(deleteConfigOpt).split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    /**
     * Parses {@code k1=v1,k2=[v2,v3]}.
     *
     * @throws IllegalArgumentException for an entry that is not {@code key=value}
     */
    public static Map<String, String> parseConfigsToAdd(String value) {
        Map<String, String> configs = new LinkedHashMap<>();
        for (String entry : ENTRY_SEPARATOR.split(value, -1)) {
            String[] kv = KEY_VALUE_SEPARATOR.split(entry, -1);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException("requirement failed: Invalid entity config: all configs to be "
                        + "added must be in the format \"key=val\" (found \"" + entry + "\").");
            }
            configs.put(kv[0].trim(), kv[1].replaceAll("\\[?]?", "").trim());
        }
        return configs;
    }
}
