package io.klassic.broker.network;

/** Thrown (or completed exceptionally) by a handler when Kafka's answer to a request is to close the connection. */
public final class CloseConnectionException extends RuntimeException {
    public CloseConnectionException(String message) {
        super(message);
    }
}
