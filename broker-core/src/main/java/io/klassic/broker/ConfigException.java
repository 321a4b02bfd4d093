package io.klassic.broker;

/** A broker configuration that cannot be used; the message names the key and the offending value. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
