package io.klassic.broker.controller;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.log.TopicPartition;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.ControllerStore.RegisteredBroker;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.Versioned;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The KafkaController gauges computed from the controller's state, and only on the active controller. */
class ControllerMetricsTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final MetricsRegistry registry = new MetricsRegistry(server, System::nanoTime);
    private final AtomicBoolean active = new AtomicBoolean();
    private final ControllerMetrics metrics = new ControllerMetrics(registry, active::get);
    private final ControllerStats stats = new ControllerStats(registry);
    private final ControllerContext context = new ControllerContext();
    private final PartitionStateMachine partitionStates = new PartitionStateMachine(0, context, null, null, topic -> false,
            stats.uncleanLeaderElections);

    private Object gauge(String name) throws Exception {
        return server.getAttribute(new ObjectName("kafka.controller:type=KafkaController,name=" + name), "Value");
    }

    private void lead(String topic, int partition, int leader, List<Integer> isr) {
        context.putLeadership(new TopicPartition(topic, partition), new Versioned<>(new LeaderIsrAndControllerEpoch(leader, 0, isr, 1), 0));
    }

    @Test
    void countsPartitionsOfTheClusterOnTheActiveController() throws Exception {
        context.setEpoch(1, 0);
        for (int id : List.of(1, 2)) {
            context.addLiveBroker(new RegisteredBroker(new BrokerInfo(id, "localhost", 9000 + id, List.of(), null), 10 + id));
        }
        context.putAssignment("a", Map.of(0, List.of(1, 2), 1, List.of(2, 1)));
        context.putAssignment("b", Map.of(0, List.of(1, 3)));
        context.putAssignment("c", Map.of(0, List.of(1)));
        lead("a", 0, 1, List.of(1, 2));
        lead("a", 1, 1, List.of(1, 2));
        lead("b", 0, 3, List.of(3));
        partitionStates.initialize();

        metrics.update(context, partitionStates, Set.of());
        assertEquals(0, gauge("ActiveControllerCount"));
        assertEquals(0, gauge("GlobalTopicCount"), "only the active controller reports the cluster");

        active.set(true);
        metrics.update(context, partitionStates, Set.of());
        assertEquals(1, gauge("ActiveControllerCount"));
        assertEquals(3, gauge("GlobalTopicCount"));
        assertEquals(3, gauge("GlobalPartitionCount"), "c-0 has no leader yet");
        assertEquals(1, gauge("OfflinePartitionsCount"), "b-0's leader 3 is not live");
        assertEquals(2, gauge("PreferredReplicaImbalanceCount"), "a-1 is led by 1, not by its first replica 2; b-0 by 3, not 1");
        assertEquals(2, gauge("ActiveBrokerCount"));

        metrics.update(context, partitionStates, Set.of("b"));
        assertEquals(0, gauge("OfflinePartitionsCount"), "a topic being deleted is left out");
        assertEquals(1, gauge("TopicsToDeleteCount"));
        assertEquals(1, gauge("PreferredReplicaImbalanceCount"));
    }

    @Test
    void controllerStatsNames() throws Exception {
        stats.leaderElectionRateAndTime.update(1_000_000);
        stats.uncleanLeaderElections.mark();
        assertEquals(1L, server.getAttribute(new ObjectName("kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs"), "Count"));
        assertEquals("elections", server.getAttribute(new ObjectName("kafka.controller:type=ControllerStats,name=UncleanLeaderElectionsPerSec"),
                "EventType"));
    }
}
