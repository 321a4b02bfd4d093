package io.klassic.broker.handlers;

import io.klassic.broker.server.DelayedOperation;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;

/**
 * A DeleteRecords request waiting, in the delete-records purgatory under each of its partitions, until the low
 * watermark of every partition whose log start offset the leader moved (the smallest log start offset of its live
 * replicas, {@link Partition#lowWatermarkIfLeader}) reaches the offset deleted before, as Kafka's
 * {@code DelayedDeleteRecords}. A partition is done with NONE and its low watermark when it does, with
 * NOT_LEADER_OR_FOLLOWER when this broker stopped leading it and UNKNOWN_TOPIC_OR_PARTITION when it stopped hosting
 * it (low watermark -1); the ones still waiting when the request's {@code timeout_ms} runs out keep
 * REQUEST_TIMED_OUT and the low watermark seen when the log start offset moved. Thread-safe.
 */
final class DelayedDeleteRecords extends DelayedOperation {
    /** One partition whose log start offset moved: the low watermark it waits for and the response entry to fill. */
    record Pending(TopicPartition tp, long requiredOffset, Struct response) {
    }

    private final ReplicaManager replicaManager;
    private final IntPredicate aliveBroker;
    private final List<Pending> pending;
    private final boolean[] done;
    private final Struct response;
    private final CompletableFuture<Struct> future;

    /** The entries of {@code pending} must carry REQUEST_TIMED_OUT and their first low watermark already. */
    DelayedDeleteRecords(ReplicaManager replicaManager, IntPredicate aliveBroker, List<Pending> pending, Struct response,
                         CompletableFuture<Struct> future) {
        this.replicaManager = replicaManager;
        this.aliveBroker = aliveBroker;
        this.pending = List.copyOf(pending);
        this.done = new boolean[pending.size()];
        this.response = response;
        this.future = future;
    }

    @Override
    public boolean tryComplete() {
        boolean allDone = true;
        synchronized (done) {
            if (isCompleted()) {
                return false;
            }
            for (int i = 0; i < pending.size(); i++) {
                if (!done[i]) {
                    done[i] = check(pending.get(i));
                    allDone &= done[i];
                }
            }
        }
        return allDone && forceComplete();
    }

    /** Fills the partition's entry and returns true when it is decided; false while it must wait. */
    private boolean check(Pending p) {
        Partition partition = replicaManager.hostedPartition(p.tp());
        if (partition == null) {
            return finish(p, Errors.UNKNOWN_TOPIC_OR_PARTITION, -1L);
        }
        if (partition.state().leader() != replicaManager.brokerId()) {
            return finish(p, Errors.NOT_LEADER_OR_FOLLOWER, -1L);
        }
        long lowWatermark = partition.lowWatermarkIfLeader(aliveBroker);
        return lowWatermark >= p.requiredOffset() && finish(p, Errors.NONE, lowWatermark);
    }

    private static boolean finish(Pending p, Errors error, long lowWatermark) {
        p.response().set("LowWatermark", lowWatermark);
        p.response().set("ErrorCode", error.code());
        return true;
    }

    @Override
    protected void onComplete() {
        synchronized (done) {
            future.complete(response);
        }
    }
}
