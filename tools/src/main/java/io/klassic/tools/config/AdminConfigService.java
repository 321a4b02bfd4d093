package io.klassic.tools.config;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code kafka-configs.sh --bootstrap-server}: describes configs through DescribeConfigs (with synonyms) and alters
 * them through IncrementalAlterConfigs, printing what Apache Kafka 3.9's tool prints:
 *
 * <pre>
 * Dynamic configs for topic t are:
 *   retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000, DEFAULT_CONFIG:log.retention.hours=168}
 * Completed updating config for topic t.
 * </pre>
 *
 * Without {@code --all}, only the entries set dynamically on the entity are shown ({@code DYNAMIC_TOPIC_CONFIG}
 * for a topic, {@code DYNAMIC_BROKER_CONFIG} for a broker, {@code DYNAMIC_DEFAULT_BROKER_CONFIG} for the
 * broker default); entries are sorted by name; a sensitive entry's value shows as {@code null} (the broker does
 * not send it; a value it did send is not printed either).
 *
 * <p>Not thread-safe; used by the tool's thread.
 */
public final class AdminConfigService implements AutoCloseable {

    private static final long TIMEOUT_S = 30;

    private final Admin admin;
    private final PrintStream out;

    public AdminConfigService(Admin admin, PrintStream out) {
        this.admin = admin;
        this.out = out;
    }

    /** Describes the entity of {@code opts}, or every topic / every broker when no name is given. */
    public void describe(ConfigCommandOptions opts) throws Exception {
        String type = opts.entityType();
        List<String> names;
        if (opts.entityName().isPresent()) {
            names = List.of(opts.entityName().get());
        } else if (opts.entityDefault()) {
            names = List.of("");
        } else if (type.equals(ConfigCommandOptions.TOPICS)) {
            names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(TIMEOUT_S, TimeUnit.SECONDS).stream().sorted().toList();
        } else {
            names = admin.describeCluster().nodes().get(TIMEOUT_S, TimeUnit.SECONDS).stream()
                    .map(Node::idString).sorted(Comparator.comparingInt(Integer::parseInt)).toList();
        }
        for (String name : names) {
            out.println(header(type, name, opts.all()));
            for (ConfigEntry entry : resourceConfig(type, name, true, opts.all())) {
                out.println(formatEntry(entry));
            }
        }
    }

    /** Applies {@code --add-config}/{@code --delete-config} with IncrementalAlterConfigs. */
    public void alter(ConfigCommandOptions opts) throws Exception {
        String type = opts.entityType();
        String name = opts.entityDefault() ? "" : opts.entityName().orElseThrow();
        Map<String, String> toAdd = opts.configsToAdd();
        List<String> toDelete = opts.configsToDelete();
        Set<String> existing = resourceConfig(type, name, false, false).stream().map(ConfigEntry::name)
                .collect(Collectors.toSet());
        List<String> invalid = toDelete.stream().filter(k -> !existing.contains(k)).toList();
        if (!invalid.isEmpty()) {
            throw new InvalidConfigurationException("Invalid config(s): " + String.join(",", invalid));
        }
        admin.incrementalAlterConfigs(Map.of(resource(type, name), alterOps(toAdd, toDelete)),
                new AlterConfigsOptions().timeoutMs(30_000)).all().get(60, TimeUnit.SECONDS);
        if (type.equals(ConfigCommandOptions.TOPICS)) {
            out.println("Completed updating config for topic " + name + ".");
        } else if (name.isEmpty()) {
            out.println("Completed updating default config for brokers in the cluster.");
        } else {
            out.println("Completed updating config for broker " + name + ".");
        }
    }

    /** SET for each config to add, DELETE for each to remove. */
    static List<AlterConfigOp> alterOps(Map<String, String> toAdd, List<String> toDelete) {
        List<AlterConfigOp> ops = new ArrayList<>();
        toAdd.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        toDelete.forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)));
        return ops;
    }

    private List<ConfigEntry> resourceConfig(String type, String name, boolean synonyms, boolean all)
            throws Exception {
        ConfigResource resource = resource(type, name);
        Config config = admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(synonyms))
                .all().get(TIMEOUT_S, TimeUnit.SECONDS).get(resource);
        ConfigEntry.ConfigSource dynamic = type.equals(ConfigCommandOptions.TOPICS)
                ? ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                : name.isEmpty() ? ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
                : ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG;
        return config.entries().stream()
                .filter(e -> all || e.source() == dynamic)
                .sorted(Comparator.comparing(ConfigEntry::name))
                .toList();
    }

    static ConfigResource resource(String type, String name) {
        return new ConfigResource(type.equals(ConfigCommandOptions.TOPICS) ? ConfigResource.Type.TOPIC
                : ConfigResource.Type.BROKER, name);
    }

    /** {@code Dynamic configs for topic t are:}, {@code All configs for broker 0 are:}, or the default's. */
    static String header(String type, String name, boolean all) {
        if (name.isEmpty()) {
            return "Default configs for " + type + " in the cluster are:";
        }
        return (all ? "All" : "Dynamic") + " configs for " + type.substring(0, type.length() - 1) + " " + name
                + " are:";
    }

    /** {@code   key=value sensitive=false synonyms={SOURCE:key=value, ...}}. */
    static String formatEntry(ConfigEntry entry) {
        String synonyms = entry.synonyms().stream()
                .map(s -> s.source() + ":" + s.name() + "=" + s.value())
                .collect(Collectors.joining(", "));
        return "  " + entry.name() + "=" + (entry.isSensitive() ? null : entry.value()) + " sensitive=" + entry.isSensitive()
                + " synonyms={" + synonyms + "}";
    }

    @Override
    public void close() {
        admin.close();
    }
}
