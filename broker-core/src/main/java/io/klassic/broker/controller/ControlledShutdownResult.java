package io.klassic.broker.controller;

import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;

import java.util.Set;

/**
 * The controller's answer to a broker that wants to shut down: an error, or the replicated partitions the broker
 * still leads (none when every leadership could be moved). Immutable.
 */
public record ControlledShutdownResult(Errors error, Set<TopicPartition> remainingPartitions) {
    public ControlledShutdownResult {
        remainingPartitions = Set.copyOf(remainingPartitions);
    }

    public static ControlledShutdownResult failed(Errors error) {
        return new ControlledShutdownResult(error, Set.of());
    }
}
