package io.klassic.broker.handlers;

import io.klassic.protocol.types.Struct;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Describes configurations as DescribeConfigs answers them. A topic config entry's value is the topic's override
 * ({@code DYNAMIC_TOPIC_CONFIG}), else the broker's value of the matching broker key ({@code STATIC_BROKER_CONFIG}
 * when server.properties sets it, else {@code DEFAULT_CONFIG}); synonyms list those candidates in that order, as
 * Kafka does. Broker entries are the broker's own keys. Config sources and types are Kafka's wire ids.
 * Immutable and thread-safe.
 */
final class ConfigDescriber {
    static final byte SOURCE_DYNAMIC_TOPIC_CONFIG = 1;
    static final byte SOURCE_STATIC_BROKER_CONFIG = 4;
    static final byte SOURCE_DEFAULT_CONFIG = 5;

    static final byte TYPE_BOOLEAN = 1;
    static final byte TYPE_STRING = 2;
    static final byte TYPE_INT = 3;
    static final byte TYPE_LONG = 5;
    static final byte TYPE_DOUBLE = 6;
    static final byte TYPE_LIST = 7;

    /** A topic-level key: its type and the broker keys that supply its default, in order of precedence. */
    private record TopicKey(byte type, List<String> brokerKeys, String fallback) {
    }

    private static final Map<String, TopicKey> TOPIC_KEYS = new TreeMap<>();

    static {
        topicKey("cleanup.policy", TYPE_LIST, "delete", "log.cleanup.policy");
        topicKey("compression.type", TYPE_STRING, "producer", "compression.type");
        topicKey("delete.retention.ms", TYPE_LONG, "86400000", "log.cleaner.delete.retention.ms");
        topicKey("file.delete.delay.ms", TYPE_LONG, "60000", "log.segment.delete.delay.ms");
        topicKey("flush.messages", TYPE_LONG, Long.toString(Long.MAX_VALUE), "log.flush.interval.messages");
        topicKey("flush.ms", TYPE_LONG, Long.toString(Long.MAX_VALUE), "log.flush.interval.ms");
        topicKey("follower.replication.throttled.replicas", TYPE_LIST, "");
        topicKey("index.interval.bytes", TYPE_INT, "4096", "log.index.interval.bytes");
        topicKey("leader.replication.throttled.replicas", TYPE_LIST, "");
        topicKey("local.retention.bytes", TYPE_LONG, "-2");
        topicKey("local.retention.ms", TYPE_LONG, "-2");
        topicKey("max.compaction.lag.ms", TYPE_LONG, Long.toString(Long.MAX_VALUE), "log.cleaner.max.compaction.lag.ms");
        topicKey("max.message.bytes", TYPE_INT, "1048588", "message.max.bytes");
        topicKey("message.downconversion.enable", TYPE_BOOLEAN, "true");
        topicKey("message.format.version", TYPE_STRING, "3.0-IV1", "log.message.format.version");
        topicKey("message.timestamp.after.max.ms", TYPE_LONG, Long.toString(Long.MAX_VALUE));
        topicKey("message.timestamp.before.max.ms", TYPE_LONG, Long.toString(Long.MAX_VALUE));
        topicKey("message.timestamp.difference.max.ms", TYPE_LONG, Long.toString(Long.MAX_VALUE), "log.message.timestamp.difference.max.ms");
        topicKey("message.timestamp.type", TYPE_STRING, "CreateTime", "log.message.timestamp.type");
        topicKey("min.cleanable.dirty.ratio", TYPE_DOUBLE, "0.5", "log.cleaner.min.cleanable.ratio");
        topicKey("min.compaction.lag.ms", TYPE_LONG, "0", "log.cleaner.min.compaction.lag.ms");
        topicKey("min.insync.replicas", TYPE_INT, "1", "min.insync.replicas");
        topicKey("preallocate", TYPE_BOOLEAN, "false", "log.preallocate");
        topicKey("remote.storage.enable", TYPE_BOOLEAN, "false");
        topicKey("retention.bytes", TYPE_LONG, "-1", "log.retention.bytes");
        topicKey("retention.ms", TYPE_LONG, "604800000", "log.retention.ms", "log.retention.minutes", "log.retention.hours");
        topicKey("segment.bytes", TYPE_INT, "1073741824", "log.segment.bytes");
        topicKey("segment.index.bytes", TYPE_INT, "10485760", "log.index.size.max.bytes");
        topicKey("segment.jitter.ms", TYPE_LONG, "0", "log.roll.jitter.ms", "log.roll.jitter.hours");
        topicKey("segment.ms", TYPE_LONG, "604800000", "log.roll.ms", "log.roll.hours");
        topicKey("unclean.leader.election.enable", TYPE_BOOLEAN, "false", "unclean.leader.election.enable");
    }

    private static void topicKey(String name, byte type, String fallback, String... brokerKeys) {
        TOPIC_KEYS.put(name, new TopicKey(type, List.of(brokerKeys), fallback));
    }

    private final Map<String, String> brokerValues;
    private final Set<String> staticBrokerKeys;
    private final Map<String, String> effectiveTopicDefaults;

    /**
     * @param brokerValues           every broker key with its value as text (null when unset without default)
     * @param staticBrokerKeys       the keys server.properties (or --override) sets
     * @param effectiveTopicDefaults the broker's resolved defaults of topic-level keys (e.g. retention.ms from
     *                               log.retention.hours)
     */
    ConfigDescriber(Map<String, String> brokerValues, Set<String> staticBrokerKeys, Map<String, String> effectiveTopicDefaults) {
        this.brokerValues = brokerValues;
        this.staticBrokerKeys = staticBrokerKeys;
        this.effectiveTopicDefaults = effectiveTopicDefaults;
    }

    /** Whether a key is a topic-level config Kafka knows. */
    static boolean isTopicKey(String key) {
        return TOPIC_KEYS.containsKey(key);
    }

    /** The list-typed topic keys (APPEND and SUBTRACT apply to them). */
    static boolean isListKey(String key) {
        TopicKey k = TOPIC_KEYS.get(key);
        return k != null && k.type() == TYPE_LIST;
    }

    /** Adds the topic's config entries to a DescribeConfigs result. */
    void describeTopic(Struct result, Map<String, String> overrides, Collection<String> keys, boolean includeSynonyms) {
        for (Map.Entry<String, TopicKey> entry : TOPIC_KEYS.entrySet()) {
            String name = entry.getKey();
            if (keys != null && !keys.contains(name)) {
                continue;
            }
            TopicKey key = entry.getValue();
            String effective = effectiveTopicDefaults.getOrDefault(name, key.fallback());
            List<Object[]> synonyms = new ArrayList<>();
            if (overrides.containsKey(name)) {
                synonyms.add(new Object[] {name, overrides.get(name), SOURCE_DYNAMIC_TOPIC_CONFIG});
            }
            for (String brokerKey : key.brokerKeys()) {
                if (staticBrokerKeys.contains(brokerKey)) {
                    synonyms.add(new Object[] {brokerKey, brokerValues.get(brokerKey), SOURCE_STATIC_BROKER_CONFIG});
                }
            }
            if (!key.brokerKeys().isEmpty()) {
                String primary = key.brokerKeys().get(key.brokerKeys().size() - 1);
                String raw = brokerValues.get(primary);
                synonyms.add(new Object[] {primary, raw == null ? effective : raw, SOURCE_DEFAULT_CONFIG});
            }
            String value = overrides.containsKey(name) ? overrides.get(name) : effective;
            byte source = synonyms.isEmpty() ? SOURCE_DEFAULT_CONFIG : (byte) synonyms.get(0)[2];
            addEntry(result, name, value, source, key.type(), includeSynonyms ? synonyms : List.of());
        }
    }

    /** Adds the broker's config entries to a DescribeConfigs result. */
    void describeBroker(Struct result, Collection<String> keys, boolean includeSynonyms) {
        for (Map.Entry<String, String> entry : new TreeMap<>(brokerValues).entrySet()) {
            String name = entry.getKey();
            if (keys != null && !keys.contains(name)) {
                continue;
            }
            byte source = staticBrokerKeys.contains(name) ? SOURCE_STATIC_BROKER_CONFIG : SOURCE_DEFAULT_CONFIG;
            List<Object[]> synonyms = List.<Object[]>of(new Object[] {name, entry.getValue(), source});
            addEntry(result, name, entry.getValue(), source, TYPE_STRING, includeSynonyms ? synonyms : List.of());
        }
    }

    private static void addEntry(Struct result, String name, String value, byte source, byte type, List<Object[]> synonyms) {
        Struct c = result.add("Configs");
        c.set("Name", name);
        c.set("Value", value);
        c.set("ReadOnly", false);
        c.set("ConfigSource", source);
        c.set("IsSensitive", false);
        c.set("ConfigType", type);
        c.set("Documentation", null);
        for (Object[] synonym : synonyms) {
            Struct s = c.add("Synonyms");
            s.set("Name", synonym[0]);
            s.set("Value", synonym[1]);
            s.set("Source", synonym[2]);
        }
    }

    /** Broker values as text, for a config map of typed values. */
    static Map<String, String> asText(Map<String, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof List<?> list) {
                out.put(k, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                out.put(k, v == null ? null : String.valueOf(v));
            }
        });
        return out;
    }
}
