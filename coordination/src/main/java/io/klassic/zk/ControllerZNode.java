package io.klassic.zk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /controller}: the ephemeral znode of the active controller:
 * {@code {"version":1,"brokerid":0,"timestamp":"1700000000000"}} (time of election in ms, as a string).
 *
 * <p>Stateless and thread-safe.
 */
public final class ControllerZNode {

    public static final String PATH = "/controller";

    private ControllerZNode() {
    }

    public static String path() {
        return PATH;
    }

    public static byte[] encode(int brokerId, long timestampMs) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        json.put("brokerid", brokerId);
        json.put("timestamp", Long.toString(timestampMs));
        return Json.writeBytes(json);
    }

    /** The id of the controller broker. */
    public static int decode(byte[] data) {
        return Json.Fields.of(data, PATH).intValue("brokerid");
    }
}
