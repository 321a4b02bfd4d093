package io.klassic.zk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /config/topics/<topic>}: a topic's configuration overrides, in Kafka's JSON
 * {@code {"version":1,"config":{"cleanup.policy":"compact","retention.ms":"1000"}}}; values are strings,
 * keys are written in sorted order.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicConfigZNode {

    /** The parent of all topic configurations. */
    public static final String PATH = "/config/topics";

    private TopicConfigZNode() {
    }

    public static String path(String topic) {
        return PATH + "/" + topic;
    }

    public static byte[] encode(Map<String, String> config) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        json.put("config", new TreeMap<>(config));
        return Json.writeBytes(json);
    }

    /** The configuration overrides (sorted by key); numbers and booleans are turned into their text. */
    public static Map<String, String> decode(byte[] data) {
        Json.Fields f = Json.Fields.of(data, "topic config");
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : f.objectOrEmpty("config").entrySet()) {
            if (e.getValue() instanceof Map || e.getValue() instanceof java.util.List) {
                throw new Json.JsonException("Topic config \"" + e.getKey() + "\" must be a string but is "
                        + e.getValue() + ".");
            }
            out.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString());
        }
        return Collections.unmodifiableMap(out);
    }
}
