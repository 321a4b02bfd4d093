package io.klassic.protocol.types;

/** Bytes that do not match the schema of the message being read (truncated, negative lengths, bad UTF-8...). */
public final class SchemaException extends RuntimeException {
    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
