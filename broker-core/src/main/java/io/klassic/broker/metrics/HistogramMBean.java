package io.klassic.broker.metrics;

/**
 * A histogram as Kafka exposes its Yammer histograms over JMX (the attributes of {@code JmxReporter.HistogramMBean}).
 * Implementations are thread-safe.
 */
public interface HistogramMBean {
    long getCount();

    double getMin();

    double getMax();

    double getMean();

    double getStdDev();

    double get50thPercentile();

    double get75thPercentile();

    double get95thPercentile();

    double get98thPercentile();

    double get99thPercentile();

    double get999thPercentile();

    /** The values the percentiles are computed from (an operation, as in Yammer). */
    double[] values();
}
