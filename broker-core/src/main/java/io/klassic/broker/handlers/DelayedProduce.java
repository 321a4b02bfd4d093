package io.klassic.broker.handlers;

import io.klassic.broker.server.DelayedOperation;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An acks=all produce waiting, in the produce purgatory under each of its partitions, until the high watermark of
 * every partition it appended to reaches the offset after its last record. A partition is done with NONE when it
 * does, with NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below {@code min.insync.replicas} meanwhile, with
 * NOT_LEADER_OR_FOLLOWER when this broker stopped leading it, and with REQUEST_TIMED_OUT when the request's
 * {@code timeout_ms} ran out first. Thread-safe.
 */
final class DelayedProduce extends DelayedOperation {
    /** One appended partition: the offset its high watermark must reach and the response entry to fill. */
    record Pending(TopicPartition tp, long requiredOffset, int minInSyncReplicas, Struct response) {
    }

    private final ReplicaManager replicaManager;
    private final List<Pending> pending;
    private final Errors[] outcomes;
    private final Struct response;
    private final CompletableFuture<Struct> future;

    DelayedProduce(ReplicaManager replicaManager, List<Pending> pending, Struct response, CompletableFuture<Struct> future) {
        this.replicaManager = replicaManager;
        this.pending = List.copyOf(pending);
        this.outcomes = new Errors[pending.size()];
        this.response = response;
        this.future = future;
    }

    @Override
    public boolean tryComplete() {
        boolean done = true;
        synchronized (outcomes) {
            for (int i = 0; i < pending.size(); i++) {
                if (outcomes[i] != null) {
                    continue;
                }
                Pending p = pending.get(i);
                Partition partition = replicaManager.partition(p.tp());
                if (partition == null) {
                    outcomes[i] = Errors.NOT_LEADER_OR_FOLLOWER;
                    continue;
                }
                Optional<Errors> outcome = partition.checkEnoughReplicasReachOffset(p.requiredOffset(), p.minInSyncReplicas());
                if (outcome.isPresent()) {
                    outcomes[i] = outcome.get();
                } else {
                    done = false;
                }
            }
        }
        return done && forceComplete();
    }

    @Override
    protected void onComplete() {
        synchronized (outcomes) {
            for (int i = 0; i < pending.size(); i++) {
                Errors error = outcomes[i] == null ? Errors.REQUEST_TIMED_OUT : outcomes[i];
                if (error != Errors.NONE) {
                    Struct p = pending.get(i).response();
                    p.set("ErrorCode", error.code());
                    p.set("BaseOffset", -1L);
                    p.set("LogAppendTimeMs", -1L);
                    p.set("ErrorMessage", error == Errors.REQUEST_TIMED_OUT
                            ? "The high watermark did not reach offset " + pending.get(i).requiredOffset() + " before the request timed out"
                            : null);
                }
            }
        }
        future.complete(response);
    }
}
