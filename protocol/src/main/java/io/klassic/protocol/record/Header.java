package io.klassic.protocol.record;

import java.nio.charset.StandardCharsets;

/**
 * One record header. On the wire (inside a record): varint keyLength, key as UTF-8, varint valueLength (-1 = null),
 * value. The key is never null; the value may be. Equality compares the value's bytes. Immutable if the caller does
 * not modify the value array; thread-safe then.
 */
public record Header(String key, byte[] value) {
    public Header {
        if (key == null) {
            throw new IllegalArgumentException("A record header key must not be null.");
        }
    }

    /** Convenience: a header whose value is the UTF-8 bytes of {@code value} (null stays null). */
    public static Header of(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Header h && key.equals(h.key) && java.util.Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header(key=" + key + ", value=" + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
