package io.klassic.broker.handlers;

import io.klassic.broker.server.DelayedOperation;
import io.klassic.broker.server.DelayedOperationPurgatory;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.PartitionState;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Parks an admin request (CreateTopics, DeleteTopics, CreatePartitions) in the topic purgatory until the metadata
 * cache, fed by the controller's UpdateMetadata, shows the outcome, or the request's timeout passes; as Kafka's
 * {@code DelayedCreatePartitions} and {@code DelayedDeleteTopics}. Stateless.
 */
final class MetadataWait {
    private MetadataWait() {
    }

    /**
     * Completes with true as soon as {@code condition} holds (checked now and after every metadata change of one of
     * {@code topics}), with false when {@code timeoutMs} passes first.
     */
    static CompletableFuture<Boolean> await(DelayedOperationPurgatory<String> purgatory, Collection<String> topics, BooleanSupplier condition,
                                            long timeoutMs) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (topics.isEmpty() || timeoutMs <= 0) {
            result.complete(condition.getAsBoolean());
            return result;
        }
        DelayedOperation operation = new DelayedOperation() {
            private volatile boolean satisfied;

            @Override
            public boolean tryComplete() {
                if (condition.getAsBoolean()) {
                    satisfied = true;
                    forceComplete();
                    return true;
                }
                return false;
            }

            @Override
            protected void onComplete() {
                result.complete(satisfied || condition.getAsBoolean());
            }
        };
        purgatory.tryCompleteElseWatch(operation, topics, timeoutMs);
        return result;
    }

    /** Whether the cache has the topic with at least {@code partitions} partitions, each with a leader. */
    static boolean hasLeaders(MetadataCache cache, String topic, int partitions) {
        Optional<Collection<PartitionState>> states = cache.partitions(topic);
        return states.isPresent() && states.get().size() >= partitions && states.get().stream().allMatch(s -> s.leader() >= 0);
    }
}
