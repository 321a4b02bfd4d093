package io.klassic.broker.group;

import io.klassic.broker.server.DelayedOperation;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * An acks=all write of the group coordinator to a {@code __consumer_offsets} partition, waiting in the produce
 * purgatory until the partition's high watermark reaches the offset after the appended batch. It completes with
 * NONE when it does, with NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below {@code min.insync.replicas}
 * meanwhile, with NOT_LEADER_OR_FOLLOWER when this broker stopped hosting the partition, and with REQUEST_TIMED_OUT
 * when {@code offsets.commit.timeout.ms} ran out first; the callback runs once, on whichever thread completes it
 * (the appending thread when the write is committed at once). Thread-safe.
 */
final class DelayedGroupAppend extends DelayedOperation {
    private final ReplicaManager replicaManager;
    private final TopicPartition topicPartition;
    private final long requiredOffset;
    private final int minInSyncReplicas;
    private final Consumer<Errors> callback;
    private volatile Errors outcome;

    DelayedGroupAppend(ReplicaManager replicaManager, TopicPartition topicPartition, long requiredOffset, int minInSyncReplicas,
                       Consumer<Errors> callback) {
        this.replicaManager = replicaManager;
        this.topicPartition = topicPartition;
        this.requiredOffset = requiredOffset;
        this.minInSyncReplicas = minInSyncReplicas;
        this.callback = callback;
    }

    @Override
    public boolean tryComplete() {
        Partition partition = replicaManager.partition(topicPartition);
        if (partition == null) {
            outcome = Errors.NOT_LEADER_OR_FOLLOWER;
            return forceComplete();
        }
        Optional<Errors> reached = partition.checkEnoughReplicasReachOffset(requiredOffset, minInSyncReplicas);
        if (reached.isEmpty()) {
            return false;
        }
        outcome = reached.get();
        return forceComplete();
    }

    @Override
    protected void onComplete() {
        Errors error = outcome;
        callback.accept(error == null ? Errors.REQUEST_TIMED_OUT : error);
    }
}
