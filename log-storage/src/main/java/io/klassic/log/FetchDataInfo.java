package io.klassic.log;

/**
 * The answer of {@link Log#read}: where the read started, and the whole record batches read, as a slice of a
 * segment file (empty when nothing was read). Immutable and thread-safe.
 */
public record FetchDataInfo(LogOffsetMetadata fetchOffsetMetadata, FileRecords.Slice records) {
}
