package io.klassic.log;

/**
 * The answer of a lookup by timestamp (ListOffsets): the timestamp and offset found and the partition leader epoch of
 * the record batch holding that offset ({@code -1} when unknown). Immutable and thread-safe.
 */
public record TimestampAndOffset(long timestamp, long offset, int leaderEpoch) {
}
