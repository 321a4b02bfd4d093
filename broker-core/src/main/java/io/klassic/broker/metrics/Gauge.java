package io.klassic.broker.metrics;

import java.util.function.Supplier;

/**
 * A value computed when it is read (a partition count, a log's size). Thread-safe if its supplier is, which every
 * supplier given to it must be: JMX reads it from any thread.
 */
public final class Gauge<T> implements GaugeMBean {
    private final Supplier<T> value;

    public Gauge(Supplier<T> value) {
        this.value = value;
    }

    @Override
    public T getValue() {
        return value.get();
    }
}
