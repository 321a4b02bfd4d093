package io.klassic.broker.metrics;

/** A gauge as Kafka exposes its Yammer gauges over JMX: one attribute, Value. Implementations are thread-safe. */
public interface GaugeMBean {
    Object getValue();
}
