package io.klassic.zk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /brokers/topics/<topic>/partitions/<partition>/state}: the leader and ISR of one partition, in
 * Kafka's JSON:
 *
 * <pre>
 * {"controller_epoch":1,"leader":0,"version":1,"leader_epoch":0,"isr":[0,1]}
 * </pre>
 *
 * Decoding ignores fields newer Kafka versions add (such as {@code leader_recovery_state}).
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicPartitionStateZNode {

    private TopicPartitionStateZNode() {
    }

    /** {@code /brokers/topics/<topic>/partitions}. */
    public static String partitionsPath(String topic) {
        return TopicZNode.path(topic) + "/partitions";
    }

    /** {@code /brokers/topics/<topic>/partitions/<partition>}. */
    public static String partitionPath(String topic, int partition) {
        return partitionsPath(topic) + "/" + partition;
    }

    public static String path(String topic, int partition) {
        return partitionPath(topic, partition) + "/state";
    }

    public static byte[] encode(LeaderIsrAndControllerEpoch state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("controller_epoch", state.controllerEpoch());
        json.put("leader", state.leader());
        json.put("version", 1);
        json.put("leader_epoch", state.leaderEpoch());
        json.put("isr", state.isr());
        return Json.writeBytes(json);
    }

    public static LeaderIsrAndControllerEpoch decode(byte[] data) {
        Json.Fields f = Json.Fields.of(data, "partition state");
        return new LeaderIsrAndControllerEpoch(f.intValue("leader"), f.intValue("leader_epoch"),
                f.intList("isr"), f.intValue("controller_epoch"));
    }
}
