package io.klassic.log;

/** An {@link OffsetIndex} entry: an absolute offset and the file position of its batch. Immutable and thread-safe. */
public record OffsetPosition(long offset, int position) {
}
