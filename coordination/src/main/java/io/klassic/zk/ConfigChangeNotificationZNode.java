package io.klassic.zk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /config/changes/config_change_<10-digit sequence>}: persistent sequential znodes announcing that the
 * configuration of an entity changed (its new value is in {@code /config/<type>/<name>}); every broker watches
 * them and reloads the entity's config. Written in Kafka's version 2 format, which names the entity by path:
 *
 * <pre>
 * {"version":2,"entity_path":"topics/my-topic"}
 * </pre>
 *
 * Decoding also accepts Kafka's version 1, {@code {"version":1,"entity_type":"topics","entity_name":"my-topic"}}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigChangeNotificationZNode {

    /** The parent of the notifications. */
    public static final String PATH = "/config/changes";
    /** The name prefix of each sequential notification. */
    public static final String PREFIX = "config_change_";

    /** The entity a notification is about: its type ({@code topics}, {@code brokers}, ...) and name. */
    public record Entity(String type, String name) {
    }

    private ConfigChangeNotificationZNode() {
    }

    public static String path(String name) {
        return PATH + "/" + name;
    }

    /** The path prefix to create a sequential notification with. */
    public static String sequentialPathPrefix() {
        return PATH + "/" + PREFIX;
    }

    public static byte[] encode(String entityType, String entityName) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 2);
        json.put("entity_path", entityType + "/" + entityName);
        return Json.writeBytes(json);
    }

    public static Entity decode(byte[] data) {
        Json.Fields f = Json.Fields.of(data, "config change notification");
        int version = f.intValue("version");
        if (version == 1) {
            return new Entity(f.string("entity_type"), f.string("entity_name"));
        }
        if (version == 2) {
            String entityPath = f.string("entity_path");
            int slash = entityPath.indexOf('/');
            if (slash <= 0 || slash == entityPath.length() - 1) {
                throw new Json.JsonException("Field \"entity_path\" of the config change notification must be <type>/<name> but is \""
                        + entityPath + "\".");
            }
            return new Entity(entityPath.substring(0, slash), entityPath.substring(slash + 1));
        }
        throw new Json.JsonException("Unsupported version " + version + " of a config change notification.");
    }
}
