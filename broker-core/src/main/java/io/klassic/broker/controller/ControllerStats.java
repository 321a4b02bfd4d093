package io.klassic.broker.controller;

import io.klassic.broker.metrics.KafkaMetricsGroup;
import io.klassic.broker.metrics.Meter;
import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.broker.metrics.Timer;

import java.util.Map;

/**
 * The metrics of {@code kafka.controller:type=ControllerStats}: LeaderElectionRateAndTimeMs, a timer of the broker
 * change events the active controller processes (the leader elections after brokers fail or start, which is what
 * Kafka times under that name), and UncleanLeaderElectionsPerSec. Thread-safe.
 */
final class ControllerStats {
    final Timer leaderElectionRateAndTime;
    final Meter uncleanLeaderElections;

    ControllerStats(MetricsRegistry registry) {
        KafkaMetricsGroup group = new KafkaMetricsGroup(registry, "kafka.controller", "ControllerStats");
        leaderElectionRateAndTime = group.newTimer("LeaderElectionRateAndTimeMs", Map.of());
        uncleanLeaderElections = group.newMeter("UncleanLeaderElectionsPerSec", "elections", Map.of());
    }
}
