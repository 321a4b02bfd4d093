package io.klassic.zk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /cluster/id}: the cluster id, created once by the first broker: {@code {"version":"1","id":"<id>"}}
 * (Kafka writes the version as a string here). The id is Kafka's: 22 characters of unpadded base64url.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClusterIdZNode {

    public static final String PATH = "/cluster/id";

    private ClusterIdZNode() {
    }

    public static String path() {
        return PATH;
    }

    public static byte[] encode(String clusterId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", "1");
        json.put("id", clusterId);
        return Json.writeBytes(json);
    }

    /** The cluster id held by the znode. */
    public static String decode(byte[] data) {
        return Json.Fields.of(data, PATH).string("id");
    }
}
