package io.klassic.broker.server;

import io.klassic.log.TopicPartition;

import java.util.List;
import java.util.OptionalInt;

/**
 * Where a partition leader writes a changed ISR: the partition state znode, with a conditional write on its
 * data version, and an ISR change notification for the controller. Implementations are thread-safe.
 */
public interface IsrUpdater {
    /** An updater that never succeeds: the ISR stays what the controller said (no ZooKeeper, as in unit tests). */
    IsrUpdater NONE = (tp, leader, leaderEpoch, isr, controllerEpoch, zkVersion) -> OptionalInt.empty();

    /**
     * Writes {@code isr} for {@code tp} led by {@code leader} at {@code leaderEpoch}, expecting the znode at
     * {@code zkVersion} (-1: read it first and require the same leader and leader epoch).
     *
     * @return the znode's new data version, or empty when the write was refused (the state changed meanwhile)
     */
    OptionalInt updateIsr(TopicPartition tp, int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch, int zkVersion);
}
