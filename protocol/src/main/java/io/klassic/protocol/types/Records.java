package io.klassic.protocol.types;

/**
 * The value of a RECORDS field: a run of whole record batches, in memory (a request being decoded) or in a
 * segment file (a fetch response being sent, which the broker hands to the socket without copying).
 * Implementations say whether they are thread-safe.
 */
public interface Records {
    /** The number of bytes this value occupies on the wire, without the length prefix. */
    int sizeInBytes();

    /** Writes exactly {@link #sizeInBytes()} bytes to {@code out}. */
    void writeTo(Writable out);
}
