package io.klassic.zk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny JSON writer and parser for znode payloads (RFC 8259 subset).
 *
 * <p>Supported values: objects, arrays, strings (all escapes, including {@code \\uXXXX} surrogate pairs),
 * integral numbers (parsed as {@link Long}), {@code true}/{@code false} and {@code null}. Fractions and
 * exponents are rejected: no znode of Kafka's layout holds one. Parsed objects are {@link LinkedHashMap}s
 * that keep the key order of the text; arrays are {@link ArrayList}s. The writer emits no whitespace,
 * writes map entries in iteration order, escapes {@code "}, {@code \\} and control characters, and writes
 * text as UTF-8, like Kafka's Jackson-based {@code Json.encodeAsBytes}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Json {

    private Json() {
    }

    // ---------------------------------------------------------------- writing

    /** Encodes {@code value} as compact JSON text. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        writeValue(out, value);
        return out.toString();
    }

    /** Encodes {@code value} as compact JSON text in UTF-8. */
    public static byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence s) {
            writeString(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("JSON object keys must not be null: " + map);
                }
                writeString(out, e.getKey().toString());
                out.append(':');
                writeValue(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeValue(out, item);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("Cannot encode a value of type " + value.getClass().getName()
                    + " as JSON: " + value);
        }
    }

    private static void writeString(StringBuilder out, CharSequence s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---------------------------------------------------------------- parsing

    /** Parses UTF-8 JSON text. */
    public static Object parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    /**
     * Parses JSON text into {@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code Long},
     * {@code Boolean} or {@code null}.
     *
     * @throws JsonException if the text is not a single well-formed JSON value
     */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.skipWhitespace();
        Object value = p.readValue(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected trailing characters");
        }
        return value;
    }

    /** Parses UTF-8 JSON text that must be an object. */
    public static Map<String, Object> parseObject(byte[] utf8) {
        return parseObject(new String(utf8, StandardCharsets.UTF_8));
    }

    /** Parses JSON text that must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonException("Expected a JSON object but got: " + abbreviate(text));
        }
        return (Map<String, Object>) value;
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** Thrown for malformed JSON text or a payload whose fields have the wrong type. */
    public static final class JsonException extends RuntimeException {
        public JsonException(String message) {
            super(message);
        }
    }

    private static final int MAX_DEPTH = 64;

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        JsonException error(String what) {
            return new JsonException("Malformed JSON at position " + pos + ": " + what + " in: " + abbreviate(text));
        }

        void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        Object readValue(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            if (pos >= text.length()) {
                throw error("unexpected end of text");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{':
                    return readObject(depth);
                case '[':
                    return readArray(depth);
                case '"':
                    return readString();
                case 't':
                    expectWord("true");
                    return Boolean.TRUE;
                case 'f':
                    expectWord("false");
                    return Boolean.FALSE;
                case 'n':
                    expectWord("null");
                    return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return readNumber();
                    }
                    throw error("unexpected character '" + c + "'");
            }
        }

        private void expectWord(String word) {
            if (!text.startsWith(word, pos)) {
                throw error("expected '" + word + "'");
            }
            pos += word.length();
        }

        private Map<String, Object> readObject(int depth) {
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (pos >= text.length() || text.charAt(pos) != '"') {
                    throw error("expected a string key");
                }
                String key = readString();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object value = readValue(depth + 1);
                if (map.containsKey(key)) {
                    throw error("duplicate key \"" + key + "\"");
                }
                map.put(key, value);
                skipWhitespace();
                if (pos >= text.length()) {
                    throw error("unterminated object");
                }
                char c = text.charAt(pos++);
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> readArray(int depth) {
            pos++; // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(readValue(depth + 1));
                skipWhitespace();
                if (pos >= text.length()) {
                    throw error("unterminated array");
                }
                char c = text.charAt(pos++);
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']'");
                }
            }
        }

        private void expect(char expected) {
            if (pos >= text.length() || text.charAt(pos) != expected) {
                throw error("expected '" + expected + "'");
            }
            pos++;
        }

        private String readString() {
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    pos--;
                    throw error("unescaped control character in string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw error("unterminated escape");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(readHex4());
                    default -> {
                        pos--;
                        throw error("invalid escape '\\" + e + "'");
                    }
                }
            }
        }

        private char readHex4() {
            if (pos + 4 > text.length()) {
                throw error("truncated \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(text.charAt(pos + i), 16);
                if (d < 0) {
                    throw error("invalid hex digit in \\u escape");
                }
                v = (v << 4) | d;
            }
            pos += 4;
            return (char) v;
        }

        private Long readNumber() {
            int start = pos;
            if (text.charAt(pos) == '-') {
                pos++;
            }
            int digitsStart = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digitsStart) {
                throw error("expected digits");
            }
            if (text.charAt(digitsStart) == '0' && pos - digitsStart > 1) {
                pos = digitsStart;
                throw error("leading zeros are not allowed");
            }
            if (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '.' || c == 'e' || c == 'E') {
                    throw error("only integral numbers are supported");
                }
            }
            String digits = text.substring(start, pos);
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("number " + digits + " does not fit in a 64-bit integer");
            }
        }
    }

    // ---------------------------------------------------------------- typed field access for znode decoders

    /** Typed accessors for a parsed JSON object; error messages name the field and the znode. */
    static final class Fields {
        private final Map<String, Object> map;
        private final String what;

        Fields(Map<String, Object> map, String what) {
            this.map = map;
            this.what = what;
        }

        static Fields of(byte[] data, String what) {
            if (data == null || data.length == 0) {
                throw new JsonException("The " + what + " znode has no data.");
            }
            try {
                return new Fields(parseObject(data), what);
            } catch (JsonException e) {
                throw new JsonException("Cannot parse the " + what + " znode: " + e.getMessage());
            }
        }

        boolean has(String key) {
            return map.containsKey(key) && map.get(key) != null;
        }

        Object raw(String key) {
            return map.get(key);
        }

        private JsonException wrongType(String key, String expected) {
            return new JsonException("Field \"" + key + "\" of the " + what + " znode must be " + expected
                    + " but is " + (map.containsKey(key) ? String.valueOf(map.get(key)) : "missing") + ".");
        }

        long longValue(String key) {
            Object v = map.get(key);
            if (v instanceof Long l) {
                return l;
            }
            if (v instanceof String s) { // Kafka writes some numbers ("timestamp", "block_start") as strings
                try {
                    return Long.parseLong(s.trim());
                } catch (NumberFormatException e) {
                    throw wrongType(key, "an integer");
                }
            }
            throw wrongType(key, "an integer");
        }

        long longValue(String key, long defaultValue) {
            return has(key) ? longValue(key) : defaultValue;
        }

        int intValue(String key) {
            long v = longValue(key);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw wrongType(key, "a 32-bit integer");
            }
            return (int) v;
        }

        int intValue(String key, int defaultValue) {
            return has(key) ? intValue(key) : defaultValue;
        }

        String string(String key) {
            Object v = map.get(key);
            if (v instanceof String s) {
                return s;
            }
            throw wrongType(key, "a string");
        }

        String stringOrNull(String key) {
            Object v = map.get(key);
            if (v == null) {
                return null;
            }
            if (v instanceof String s) {
                return s;
            }
            throw wrongType(key, "a string or null");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(String key) {
            Object v = map.get(key);
            if (v instanceof Map) {
                return (Map<String, Object>) v;
            }
            throw wrongType(key, "an object");
        }

        Map<String, Object> objectOrEmpty(String key) {
            return has(key) ? object(key) : Collections.emptyMap();
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String key) {
            Object v = map.get(key);
            if (v instanceof List) {
                return (List<Object>) v;
            }
            throw wrongType(key, "an array");
        }

        List<Integer> intList(String key) {
            return toIntList(list(key), key);
        }

        List<Integer> toIntList(Object value, String key) {
            if (!(value instanceof List<?> raw)) {
                throw wrongType(key, "an array of integers");
            }
            List<Integer> out = new ArrayList<>(raw.size());
            for (Object o : raw) {
                if (!(o instanceof Long l) || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw wrongType(key, "an array of integers");
                }
                out.add(l.intValue());
            }
            return Collections.unmodifiableList(out);
        }
    }
}
