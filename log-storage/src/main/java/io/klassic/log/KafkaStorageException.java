package io.klassic.log;

/**
 * The storage boundary's one failure type: an I/O error reading or writing a log directory (a full or unwritable
 * disk, a vanished file). {@link #logDir()} names the directory so the caller can take it offline; the broker maps
 * the exception to {@code KAFKA_STORAGE_ERROR}. Immutable and thread-safe.
 */
public final class KafkaStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String logDir;

    public KafkaStorageException(String message, String logDir, Throwable cause) {
        super(message, cause);
        this.logDir = logDir;
    }

    /** The log directory (the parent of the partition directories) where the error happened, or null if unknown. */
    public String logDir() {
        return logDir;
    }
}
