package io.klassic.zk;

/**
 * {@code /admin/delete_topics/<topic>}: a persistent marker, with empty data, that a topic is to be deleted;
 * the controller deletes the topic's replicas and znodes, then the marker.
 *
 * <p>Stateless and thread-safe.
 */
public final class DeleteTopicsZNode {

    /** The parent of all deletion markers. */
    public static final String PATH = "/admin/delete_topics";

    private DeleteTopicsZNode() {
    }

    public static String path() {
        return PATH;
    }

    public static String path(String topic) {
        return PATH + "/" + topic;
    }

    /** The marker's data: empty, as Kafka writes it. */
    public static byte[] encode() {
        return new byte[0];
    }

    /** The topic a marker path names: the last path element. */
    public static String decodeTopic(String markerPath) {
        return markerPath.substring(markerPath.lastIndexOf('/') + 1);
    }
}
