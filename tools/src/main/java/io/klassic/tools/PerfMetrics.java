package io.klassic.tools;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a client's metrics as Kafka's perf tools do with {@code --print-metrics}: a {@code Metric Name} /
 * {@code Value} table, one {@code group:name:{tags}} per line, sorted.
 *
 * <p>Stateless and thread-safe.
 */
final class PerfMetrics {

    private PerfMetrics() {
    }

    static void print(PrintStream out, Map<MetricName, ? extends Metric> metrics) {
        Map<String, Object> sorted = new TreeMap<>();
        metrics.forEach((name, metric) -> sorted.put(name.group() + ":" + name.name() + ":" + name.tags(),
                metric.metricValue()));
        int width = sorted.keySet().stream().mapToInt(String::length).max().orElse(11);
        String format = "%-" + width + "s : %s%n";
        out.printf(format, "Metric Name", "Value");
        sorted.forEach((k, v) -> out.printf(format, k, v instanceof Double d ? String.format("%.3f", d) : v));
    }
}
