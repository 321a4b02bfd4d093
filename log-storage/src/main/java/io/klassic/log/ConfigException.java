package io.klassic.log;

/**
 * A topic-level (or default) log configuration value that is unknown, malformed or out of range. The message names
 * the key and the value as Kafka's {@code ConfigException} does, e.g. "Invalid value abc for configuration
 * segment.bytes: Not a number of type INT." The broker maps it to {@code INVALID_CONFIG}. Immutable and thread-safe.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    private ConfigException(String key, String value, String message) {
        super(message);
        this.key = key;
        this.value = value;
    }

    /** "Invalid value {value} for configuration {key}: {reason}" */
    public static ConfigException invalid(String key, String value, String reason) {
        return new ConfigException(key, value, "Invalid value " + value + " for configuration " + key + ": " + reason);
    }

    /** "Unknown topic config name: {key}" (the value is kept for the caller). */
    public static ConfigException unknown(String key, String value) {
        return new ConfigException(key, value, "Unknown topic config name: " + key + " (value " + value + ").");
    }

    /** The offending configuration key. */
    public String key() {
        return key;
    }

    /** The offending value, as given (may be null). */
    public String value() {
        return value;
    }
}
