package io.klassic.it;

import io.klassic.zk.ControllerZNode;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicPartitionStateZNode;
import org.apache.zookeeper.KeeperException;

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
}
