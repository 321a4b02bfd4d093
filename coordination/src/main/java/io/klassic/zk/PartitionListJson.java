package io.klassic.zk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON list of partitions Kafka writes in {@code /isr_change_notification/isr_change_N} and
 * {@code /admin/preferred_replica_election}:
 *
 * <pre>
 * {"version":1,"partitions":[{"topic":"t","partition":0},{"topic":"t","partition":1}]}
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class PartitionListJson {

    private PartitionListJson() {
    }

    static byte[] encode(Iterable<TopicAndPartition> partitions) {
        List<Object> list = new ArrayList<>();
        for (TopicAndPartition tp : partitions) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("topic", tp.topic());
            entry.put("partition", tp.partition());
            list.add(entry);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        json.put("partitions", list);
        return Json.writeBytes(json);
    }

    @SuppressWarnings("unchecked")
    static Set<TopicAndPartition> decode(byte[] data, String what) {
        Json.Fields f = Json.Fields.of(data, what);
        Set<TopicAndPartition> out = new TreeSet<>();
        for (Object o : f.list("partitions")) {
            if (!(o instanceof Map)) {
                throw new Json.JsonException("Field \"partitions\" of the " + what + " znode must hold objects but holds " + o + ".");
            }
            Json.Fields entry = new Json.Fields((Map<String, Object>) o, what);
            out.add(new TopicAndPartition(entry.string("topic"), entry.intValue("partition")));
        }
        return out;
    }
}
