package io.klassic.zk;

import java.util.Set;

/**
 * {@code /isr_change_notification/isr_change_<10-digit sequence>}: persistent sequential znodes by which a
 * partition leader tells the controller that it changed the ISR of some partitions (in their state znodes),
 * so that the controller sends the new ISR to every broker in UpdateMetadata and then deletes the notification:
 *
 * <pre>
 * {"version":1,"partitions":[{"topic":"t","partition":0}]}
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class IsrChangeNotificationZNode {

    /** The parent of the notifications. */
    public static final String PATH = "/isr_change_notification";
    /** The name prefix of each sequential notification. */
    public static final String PREFIX = "isr_change_";

    private IsrChangeNotificationZNode() {
    }

    /** {@code /isr_change_notification/<name>}. */
    public static String path(String name) {
        return PATH + "/" + name;
    }

    /** The path prefix to create a sequential notification with. */
    public static String sequentialPathPrefix() {
        return PATH + "/" + PREFIX;
    }

    public static byte[] encode(Set<TopicAndPartition> partitions) {
        return PartitionListJson.encode(partitions);
    }

    public static Set<TopicAndPartition> decode(byte[] data) {
        return PartitionListJson.decode(data, "ISR change notification");
    }
}
