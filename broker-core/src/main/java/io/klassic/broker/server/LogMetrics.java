package io.klassic.broker.server;

import io.klassic.broker.metrics.KafkaMetricsGroup;
import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.log.Log;
import io.klassic.log.TopicPartition;

import java.util.List;
import java.util.Map;

/**
 * The gauges of {@code kafka.log:type=Log,name=<name>,topic=<t>,partition=<p>} of each hosted partition's log: Size
 * (bytes of all segments), NumLogSegments, LogStartOffset and LogEndOffset, registered while the partition is
 * hosted. Thread-safe.
 */
final class LogMetrics {
    private static final List<String> NAMES = List.of("Size", "NumLogSegments", "LogStartOffset", "LogEndOffset");

    private final KafkaMetricsGroup group;

    LogMetrics(MetricsRegistry registry) {
        this.group = new KafkaMetricsGroup(registry, "kafka.log", "Log");
    }

    private static Map<String, String> tags(TopicPartition tp) {
        return KafkaMetricsGroup.tags("topic", tp.topic(), "partition", Integer.toString(tp.partition()));
    }

    void register(Log log) {
        Map<String, String> tags = tags(log.topicPartition());
        group.newGauge("Size", log::size, tags);
        group.newGauge("NumLogSegments", log::numberOfSegments, tags);
        group.newGauge("LogStartOffset", log::logStartOffset, tags);
        group.newGauge("LogEndOffset", log::logEndOffset, tags);
    }

    void remove(TopicPartition tp) {
        Map<String, String> tags = tags(tp);
        for (String name : NAMES) {
            group.removeMetric(name, tags);
        }
    }
}
