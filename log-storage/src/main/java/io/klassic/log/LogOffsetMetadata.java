package io.klassic.log;

/**
 * Where an offset sits in the log: the offset, the base offset of the segment holding it, and the file position in
 * that segment of the record batch holding it. Immutable and thread-safe.
 */
public record LogOffsetMetadata(long messageOffset, long segmentBaseOffset, int relativePositionInSegment) {
}
