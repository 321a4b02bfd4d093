package io.klassic.tools.dumplog;

import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds compact JSON text the way Jackson's {@code JsonNode.toString()} writes it, which Kafka's dump tool prints:
 * no spaces, fields in insertion order, strings escaped with {@code \"}, {@code \\}, the short escapes for
 * backspace, tab, newline, form feed and carriage return and {@code \}{@code u00XX} (upper-case hex) for the other
 * control characters; other characters as they are; byte arrays as standard base64 strings; null as {@code null}.
 *
 * <p>Not thread-safe.
 */
final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder json = new StringBuilder();
    private boolean first = true;

    private JsonText() {
    }

    /** An object whose fields {@code fields} adds. */
    static String object(Consumer<JsonText> fields) {
        JsonText o = new JsonText();
        o.json.append('{');
        fields.accept(o);
        return o.json.append('}').toString();
    }

    /** An array of already rendered JSON values. */
    static String array(List<String> values) {
        return "[" + String.join(",", values) + "]";
    }

    /** A string value (null gives {@code null}). */
    static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Bytes as a base64 string (null gives {@code null}). */
    static String bytes(byte[] value) {
        return value == null ? "null" : "\"" + Base64.getEncoder().encodeToString(value) + "\"";
    }

    JsonText field(String name, String renderedValue) {
        if (!first) {
            json.append(',');
        }
        first = false;
        json.append(string(name)).append(':').append(renderedValue);
        return this;
    }

    JsonText field(String name, long value) {
        return field(name, Long.toString(value));
    }

    JsonText stringField(String name, String value) {
        return field(name, string(value));
    }
}
