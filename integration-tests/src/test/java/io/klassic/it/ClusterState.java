package io.klassic.it;

import io.klassic.zk.ControllerZNode;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicPartitionStateZNode;
import org.apache.zookeeper.KeeperException;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What ZooKeeper says of a test cluster, read through the harness's own Curator client with Kafka's znode codecs:
 * the controller, a partition's leader and ISR, a broker's registration. Tests wait on these to know where a fault
 * has got to.
 *
 * <p>Stateless; thread-safe.
 */
public final class ClusterState {
    private ClusterState() {
    }

    /** The broker id in {@code /controller}, or -1 while there is none. */
    public static int controllerId(ClusterHarness cluster) {
        try {
            return ControllerZNode.decode(cluster.zk().getData().forPath(ControllerZNode.PATH));
        } catch (KeeperException.NoNodeException e) {
            return -1;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read /controller: " + e, e);
        }
    }

    /** Whether {@code /brokers/ids/<broker>} exists. */
    public static boolean registered(ClusterHarness cluster, int broker) {
        try {
            return cluster.zk().checkExists().forPath("/brokers/ids/" + broker) != null;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read /brokers/ids/" + broker + ": " + e, e);
        }
    }

    /** The partition's state znode: leader, leader epoch, ISR, controller epoch. */
    public static LeaderIsrAndControllerEpoch partitionState(ClusterHarness cluster, String topic, int partition) {
        try {
            return TopicPartitionStateZNode.decode(cluster.zk().getData().forPath(TopicPartitionStateZNode.path(topic, partition)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the state of " + topic + "-" + partition + ": " + e, e);
        }
    }

    /**
     * Waits until each of partitions {@code 0..partitions-1} of {@code topic} has a leader and exactly the brokers
     * {@code isr} in its ISR, as their state znodes say.
     */
    public static void awaitIsr(ClusterHarness cluster, String topic, int partitions, Set<Integer> isr, Duration timeout) {
        Wait.until(() -> IntStream.range(0, partitions).mapToObj(p -> partitionState(cluster, topic, p))
                        .allMatch(s -> s.leader() >= 0 && new HashSet<>(s.isr()).equals(isr)), timeout,
                () -> "ISR " + isr + " with a leader for every partition of " + topic + ": " + IntStream.range(0, partitions)
                        .mapToObj(p -> p + "=" + partitionState(cluster, topic, p)).collect(Collectors.joining(", ")));
    }

    /** {@link #awaitIsr} with brokers 0 to {@code brokers - 1}, the whole cluster, in every ISR. */
    public static void awaitFullIsr(ClusterHarness cluster, String topic, int partitions, int brokers, Duration timeout) {
        awaitIsr(cluster, topic, partitions,
                IntStream.range(0, brokers).boxed().collect(Collectors.toUnmodifiableSet()), timeout);
    }
}
