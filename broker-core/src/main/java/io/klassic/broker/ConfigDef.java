package io.klassic.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The broker's known configuration keys with their types and Kafka's defaults. {@link #parse} turns raw
 * properties into typed values, failing with the key's name on a malformed value and collecting keys it does
 * not know (Kafka warns about those rather than failing). Immutable once built; thread-safe.
 */
public final class ConfigDef {
    public enum Type { BOOLEAN, INT, SHORT, LONG, DOUBLE, STRING, PASSWORD, LIST, CLASS }

    /** A key with no default: it must be given. */
    public static final Object NO_DEFAULT = new Object();

    record Key(String name, Type type, Object defaultValue) {
    }

    private final Map<String, Key> keys = new LinkedHashMap<>();

    public ConfigDef define(String name, Type type, Object defaultValue) {
        keys.put(name, new Key(name, type, defaultValue));
        return this;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(keys.keySet());
    }

    public boolean isKnown(String name) {
        return keys.containsKey(name);
    }

    /** Typed values for every defined key (defaults where absent) and, separately, the unknown keys. */
    public Parsed parse(Map<String, String> props) {
        Map<String, Object> values = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Key key : keys.values()) {
            String raw = props.get(key.name());
            if (raw == null) {
                if (key.defaultValue() == NO_DEFAULT) {
                    throw new ConfigException("Missing required configuration \"" + key.name() + "\" which has no default value.");
                }
                values.put(key.name(), key.defaultValue());
            } else {
                values.put(key.name(), parseValue(key, raw.trim()));
            }
        }
        for (String name : props.keySet()) {
            if (!keys.containsKey(name)) {
                unknown.add(name);
            }
        }
        Collections.sort(unknown);
        return new Parsed(values, unknown);
    }

    static Object parseValue(Key key, String value) {
        try {
            return switch (key.type()) {
                case BOOLEAN -> {
                    if (value.equalsIgnoreCase("true")) {
                        yield true;
                    }
                    if (value.equalsIgnoreCase("false")) {
                        yield false;
                    }
                    throw new IllegalArgumentException("Expected value to be either true or false");
                }
                case INT -> Integer.parseInt(value);
                case SHORT -> Short.parseShort(value);
                case LONG -> Long.parseLong(value);
                case DOUBLE -> Double.parseDouble(value);
                case STRING, PASSWORD, CLASS -> value;
                case LIST -> value.isEmpty() ? List.of() : Arrays.stream(value.split("\\s*,\\s*")).filter(s -> !s.isEmpty()).toList();
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value " + value + " for configuration " + key.name() + ": "
                    + (e instanceof NumberFormatException ? "Not a number of type " + key.type() : e.getMessage()));
        }
    }

    public record Parsed(Map<String, Object> values, List<String> unknownKeys) {
    }
}
