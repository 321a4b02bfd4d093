package io.klassic.broker.metrics;

import java.util.concurrent.TimeUnit;

/**
 * A timer as Kafka exposes its Yammer timers over JMX: a meter's rates and a histogram of durations in LatencyUnit.
 * Implementations are thread-safe.
 */
public interface TimerMBean extends MeterMBean, HistogramMBean {
    TimeUnit getLatencyUnit();
}
