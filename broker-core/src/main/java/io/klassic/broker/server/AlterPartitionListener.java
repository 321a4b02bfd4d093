package io.klassic.broker.server;

/**
 * Told by a partition leader about its ISR writes, as Kafka's {@code AlterPartitionListener}: the ReplicaManager
 * metrics count expansions, shrinks and refused writes. Implementations are thread-safe.
 */
public interface AlterPartitionListener {
    AlterPartitionListener NONE = new AlterPartitionListener() {
        @Override
        public void markIsrExpand() {
        }

        @Override
        public void markIsrShrink() {
        }

        @Override
        public void markFailed() {
        }
    };

    void markIsrExpand();

    void markIsrShrink();

    /** An ISR write was refused (the partition state changed meanwhile). */
    void markFailed();
}
