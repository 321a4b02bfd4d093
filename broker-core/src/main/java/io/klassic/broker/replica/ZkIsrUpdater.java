package io.klassic.broker.replica;

import io.klassic.broker.server.IsrUpdater;
import io.klassic.log.TopicPartition;
import io.klassic.zk.IsrChangeNotificationZNode;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicAndPartition;
import io.klassic.zk.TopicPartitionStateZNode;
import io.klassic.zk.Versioned;
import io.klassic.zk.ZkClient;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A partition leader's ISR writes to ZooKeeper: {@code /brokers/topics/<t>/partitions/<p>/state} is set with a
 * conditional write on the data version the leader last knew (from LeaderAndIsr, or its own previous write), keeping
 * the leader, leader epoch and controller epoch; then {@code /isr_change_notification/isr_change_<seq>} names the
 * partition so the controller spreads the new ISR with UpdateMetadata. A version conflict means the controller
 * changed the state meanwhile: the write is refused and the leader waits for its LeaderAndIsr. Thread-safe.
 */
public final class ZkIsrUpdater implements IsrUpdater {
    private static final Logger log = LoggerFactory.getLogger(ZkIsrUpdater.class);

    private final ZkClient zk;
    private final IntSupplier latestControllerEpoch;

    public ZkIsrUpdater(ZkClient zk, IntSupplier latestControllerEpoch) {
        this.zk = zk;
        this.latestControllerEpoch = latestControllerEpoch;
    }

    @Override
    public OptionalInt updateIsr(TopicPartition tp, int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch, int zkVersion) {
        String path = TopicPartitionStateZNode.path(tp.topic(), tp.partition());
        try {
            int expected = zkVersion;
            int epochToWrite = controllerEpoch;
            if (expected < 0 || epochToWrite < 0) {
                Optional<Versioned<byte[]>> current = zk.readData(path);
                if (current.isEmpty()) {
                    return OptionalInt.empty();
                }
                LeaderIsrAndControllerEpoch state = TopicPartitionStateZNode.decode(current.get().value());
                if (state.leader() != leader || state.leaderEpoch() != leaderEpoch) {
                    return OptionalInt.empty();
                }
                expected = expected < 0 ? current.get().zkVersion() : expected;
                epochToWrite = epochToWrite < 0 ? state.controllerEpoch() : epochToWrite;
            }
            if (epochToWrite < 0) {
                epochToWrite = latestControllerEpoch.getAsInt();
            }
            byte[] data = TopicPartitionStateZNode.encode(new LeaderIsrAndControllerEpoch(leader, leaderEpoch, isr, epochToWrite));
            Stat stat = zk.curator().setData().withVersion(expected).forPath(path, data);
            zk.curator().create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(IsrChangeNotificationZNode.sequentialPathPrefix(),
                            IsrChangeNotificationZNode.encode(Set.of(new TopicAndPartition(tp.topic(), tp.partition()))));
            return OptionalInt.of(stat.getVersion());
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            log.info("Not writing the ISR {} of {}: its partition state changed since version {} (a LeaderAndIsr will follow)", isr, tp, zkVersion);
            return OptionalInt.empty();
        } catch (Exception e) {
            log.warn("Could not write the ISR {} of {} to ZooKeeper: {}", isr, tp, e.getMessage());
            return OptionalInt.empty();
        }
    }
}
