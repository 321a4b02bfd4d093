package io.klassic.broker.metrics;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes and registers the metrics of one Kafka metric group and type under Kafka's object names,
 * {@code <group>:type=<type>,name=<name>[,<tag>=<value>]*} (tags in the order given, empty values left out, values
 * quoted when JMX needs it), as Kafka's {@code KafkaMetricsGroup} does: for example group {@code kafka.server}, type
 * {@code BrokerTopicMetrics}. Thread-safe.
 */
public final class KafkaMetricsGroup {
    private final MetricsRegistry registry;
    private final String group;
    private final String type;

    public KafkaMetricsGroup(MetricsRegistry registry, String group, String type) {
        this.registry = registry;
        this.group = group;
        this.type = type;
    }

    /** Tags from alternating keys and values, in that order. */
    public static Map<String, String> tags(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Tags come as key, value pairs; got " + keysAndValues.length + " strings");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tags.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return tags;
    }

    /** Kafka's object name of metric {@code name} of this group and type. */
    public ObjectName metricName(String name, Map<String, String> tags) {
        return metricName(group, type, name, tags);
    }

    public static ObjectName metricName(String group, String type, String name, Map<String, String> tags) {
        StringBuilder sb = new StringBuilder(group).append(":type=").append(type).append(",name=").append(name);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getValue() != null && !tag.getValue().isEmpty()) {
                sb.append(',').append(tag.getKey()).append('=').append(quoteIfNeeded(tag.getValue()));
            }
        }
        try {
            return new ObjectName(sb.toString());
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("Invalid metric name " + sb + ": " + e.getMessage(), e);
        }
    }

    private static String quoteIfNeeded(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '=' || c == ':' || c == '*' || c == '?' || c == '"' || c == '\n' || c == '\\') {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    /** A meter of {@code eventType}s per second. */
    public Meter newMeter(String name, String eventType, Map<String, String> tags) {
        return registry.register(metricName(name, tags), new Meter(eventType, registry.clock()));
    }

    public Histogram newHistogram(String name, Map<String, String> tags) {
        return registry.register(metricName(name, tags), new Histogram());
    }

    /** A timer of durations in ms and calls per second. */
    public Timer newTimer(String name, Map<String, String> tags) {
        return registry.register(metricName(name, tags), new Timer(registry.clock()));
    }

    public <T> Gauge<T> newGauge(String name, Supplier<T> value, Map<String, String> tags) {
        return registry.register(metricName(name, tags), new Gauge<>(value));
    }

    public void removeMetric(String name, Map<String, String> tags) {
        registry.unregister(metricName(name, tags));
    }
}
