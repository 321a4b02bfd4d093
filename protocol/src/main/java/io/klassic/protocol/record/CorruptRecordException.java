package io.klassic.protocol.record;

/**
 * Thrown when bytes that should hold a record batch or a record do not: wrong magic, impossible sizes, a CRC
 * mismatch, record framing that does not add up, compressed data that does not decompress. The message names the
 * offending field and its value. The broker maps it to {@code CORRUPT_MESSAGE}. Immutable and thread-safe.
 */
public final class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
