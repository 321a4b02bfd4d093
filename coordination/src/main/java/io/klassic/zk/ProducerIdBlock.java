package io.klassic.zk;

/**
 * A block of producer ids reserved by one broker: {@code size} ids starting at {@code firstProducerId}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param assignedBrokerId the broker that reserved the block
 * @param firstProducerId  the first id of the block
 * @param size             how many ids the block holds
 */
public record ProducerIdBlock(int assignedBrokerId, long firstProducerId, int size) {

    public ProducerIdBlock {
        if (firstProducerId < 0 || size <= 0) {
            throw new IllegalArgumentException("Invalid producer id block: first " + firstProducerId + ", size " + size + ".");
        }
    }

    /** The last id of the block (inclusive). */
    public long lastProducerId() {
        return firstProducerId + size - 1;
    }
}
