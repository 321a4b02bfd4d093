package io.klassic.broker.controller;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger named {@code state.change.logger} (config/log4j.properties sends it to {@code state-change.log}), with
 * Kafka's prefixes: {@code [Broker id=N] } for what a broker does with the controller's LeaderAndIsr, UpdateMetadata
 * and StopReplica requests, {@code [Controller id=N epoch=E] } for the controller's partition and replica state
 * changes and the requests it sends. Messages use slf4j's {@code {}} placeholders and are built only when their level
 * is enabled. Immutable; thread-safe.
 */
public final class StateChangeLogger {
    private static final Logger LOGGER = LoggerFactory.getLogger("state.change.logger");

    private final String prefix;

    private StateChangeLogger(String prefix) {
        this.prefix = prefix;
    }

    public static StateChangeLogger broker(int brokerId) {
        return new StateChangeLogger("[Broker id=" + brokerId + "] ");
    }

    public static StateChangeLogger controller(int controllerId, int controllerEpoch) {
        return new StateChangeLogger("[Controller id=" + controllerId + " epoch=" + controllerEpoch + "] ");
    }

    public boolean isTraceEnabled() {
        return LOGGER.isTraceEnabled();
    }

    public void trace(String format, Object... args) {
        if (LOGGER.isTraceEnabled()) {
            LOGGER.trace(prefix + format, args);
        }
    }

    public void info(String format, Object... args) {
        if (LOGGER.isInfoEnabled()) {
            LOGGER.info(prefix + format, args);
        }
    }

    public void warn(String format, Object... args) {
        if (LOGGER.isWarnEnabled()) {
            LOGGER.warn(prefix + format, args);
        }
    }

    public void error(String format, Object... args) {
        if (LOGGER.isErrorEnabled()) {
            LOGGER.error(prefix + format, args);
        }
    }
}
