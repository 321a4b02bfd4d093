package io.klassic.broker.group;

import io.klassic.protocol.group.GroupMetadataCodec;

/**
 * A committed offset as the group coordinator keeps it and writes it to {@code __consumer_offsets}: the offset,
 * the leader epoch of the record it points after ({@link #NO_LEADER_EPOCH} when the client did not say), the
 * client's metadata string, when it was committed, and, only for OffsetCommit v2-4 requests that asked for a
 * retention time, when it expires ({@link #NO_EXPIRE_TIMESTAMP} otherwise). Immutable.
 */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata, long commitTimestamp, long expireTimestamp) {
    public static final int NO_LEADER_EPOCH = -1;
    public static final long NO_EXPIRE_TIMESTAMP = -1L;
    /** The offset OffsetFetch answers for a partition without a committed offset. */
    public static final long INVALID_OFFSET = -1L;
    /** The metadata OffsetFetch answers for a partition without a committed offset. */
    public static final String NO_METADATA = "";

    public OffsetAndMetadata {
        if (metadata == null) {
            metadata = NO_METADATA;
        }
    }

    public boolean hasExpireTimestamp() {
        return expireTimestamp != NO_EXPIRE_TIMESTAMP;
    }

    /** The value written to {@code __consumer_offsets}. */
    GroupMetadataCodec.OffsetCommitValue toStored() {
        return new GroupMetadataCodec.OffsetCommitValue(offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp);
    }

    /** The offset a {@code __consumer_offsets} value holds; null for null (a tombstone). */
    static OffsetAndMetadata fromStored(GroupMetadataCodec.OffsetCommitValue stored) {
        return stored == null ? null : new OffsetAndMetadata(stored.offset(), stored.leaderEpoch(), stored.metadata(),
                stored.commitTimestamp(), stored.expireTimestamp());
    }
}
