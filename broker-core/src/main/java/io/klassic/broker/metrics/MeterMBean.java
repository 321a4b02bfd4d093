package io.klassic.broker.metrics;

import java.util.concurrent.TimeUnit;

/** A meter as Kafka exposes its Yammer meters over JMX (the attributes of {@code JmxReporter.MeterMBean}). Implementations are thread-safe. */
public interface MeterMBean {
    long getCount();

    String getEventType();

    TimeUnit getRateUnit();

    double getMeanRate();

    double getOneMinuteRate();

    double getFiveMinuteRate();

    double getFifteenMinuteRate();
}
