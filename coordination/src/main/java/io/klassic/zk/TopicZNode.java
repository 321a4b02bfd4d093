package io.klassic.zk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /brokers/topics/<topic>}: a topic's replica assignment, in Kafka's JSON:
 *
 * <pre>
 * {"version":2,"partitions":{"0":[1,2],"1":[2,0]},"adding_replicas":{},"removing_replicas":{}}
 * </pre>
 *
 * Partition keys are decimal strings, in numeric order. With a topic id the znode is version 3 and has
 * {@code "topic_id":"<22 chars>"} after the version. Decoding accepts version 1 (only
 * {@code partitions}), 2 and 3, in any key order.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicZNode {

    /** The parent of all topics. */
    public static final String PATH = "/brokers/topics";

    private TopicZNode() {
    }

    public static String path(String topic) {
        return PATH + "/" + topic;
    }

    public static byte[] encode(Map<Integer, List<Integer>> partitions) {
        return encode(TopicAssignment.of(partitions));
    }

    public static byte[] encode(TopicAssignment assignment) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", assignment.topicId() == null ? 2 : 3);
        if (assignment.topicId() != null) {
            json.put("topic_id", assignment.topicId());
        }
        json.put("partitions", byPartition(assignment.partitions()));
        json.put("adding_replicas", byPartition(assignment.addingReplicas()));
        json.put("removing_replicas", byPartition(assignment.removingReplicas()));
        return Json.writeBytes(json);
    }

    private static Map<String, Object> byPartition(Map<Integer, List<Integer>> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        new TreeMap<>(map).forEach((p, r) -> out.put(Integer.toString(p), r));
        return out;
    }

    /** Decodes the assignment of {@code topic} (the name is only used in error messages). */
    public static TopicAssignment decode(String topic, byte[] data) {
        String what = path(topic);
        Json.Fields f = Json.Fields.of(data, what);
        int version = f.intValue("version");
        if (version < 1 || version > 3) {
            throw new Json.JsonException("Unsupported version " + version + " of the " + what + " znode.");
        }
        return new TopicAssignment(
                partitionMap(f, "partitions", f.object("partitions")),
                partitionMap(f, "adding_replicas", f.objectOrEmpty("adding_replicas")),
                partitionMap(f, "removing_replicas", f.objectOrEmpty("removing_replicas")),
                f.has("topic_id") ? f.string("topic_id") : null);
    }

    public static TopicAssignment decode(byte[] data) {
        return decode("<topic>", data);
    }

    private static Map<Integer, List<Integer>> partitionMap(Json.Fields f, String field, Map<String, Object> raw) {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            int partition;
            try {
                partition = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new Json.JsonException("Field \"" + field + "\" has a non-numeric partition \"" + e.getKey() + "\".");
            }
            out.put(partition, f.toIntList(e.getValue(), field + "." + e.getKey()));
        }
        return out;
    }
}
