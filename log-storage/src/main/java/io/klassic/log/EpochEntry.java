package io.klassic.log;

/**
 * One entry of the leader epoch cache: the first offset written by the leader of {@code epoch}. Immutable and
 * thread-safe.
 */
public record EpochEntry(int epoch, long startOffset) {
    @Override
    public String toString() {
        return "EpochEntry(epoch=" + epoch + ", startOffset=" + startOffset + ")";
    }
}
