package io.klassic.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.klassic.zk.ControllerEpochZNode;
import io.klassic.zk.LeaderIsrAndControllerEpoch;

/**
 * Evidence about the controller gathered from every side: ZooKeeper ({@code /controller_epoch}), each broker's own
 * Metadata answer (its controller id, and whether its cache agrees with the partition state znodes), and each broker's
 * {@code controller.log} (the "Elected as controller" and "Resigned as controller" lines the controller writes when
 * its controller context becomes active or is dropped).
 *
 * <p>Stateless; thread-safe.
 */
public final class ControllerChecks {
    private static final Pattern ROLE_LINE = Pattern.compile("\\[Controller id=(\\d+)] (Elected as controller with epoch (\\d+)|Resigned as controller)");

    private ControllerChecks() {
    }

    /** A role change in a broker's controller.log: elected (with its epoch) or resigned. */
    public record RoleChange(boolean elected, int epoch) {
    }

    public static int controllerEpoch(ClusterHarness cluster) {
        try {
            return ControllerEpochZNode.decode(cluster.zk().getData().forPath(ControllerEpochZNode.PATH));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read /controller_epoch: " + e, e);
        }
    }

    /** The broker's role changes, oldest first, from controller.log and its rolled-over files. */
    public static List<RoleChange> roleChanges(ClusterHarness cluster, int broker) {
        List<RoleChange> changes = new ArrayList<>();
        Matcher m = ROLE_LINE.matcher(BrokerLogs.read(cluster, broker, "controller.log"));
        while (m.find()) {
            boolean elected = m.group(3) != null;
            changes.add(new RoleChange(elected, elected ? Integer.parseInt(m.group(3)) : -1));
        }
        return changes;
    }

    /** Whether the broker's last role change says its controller context is active. */
    public static boolean actsAsController(ClusterHarness cluster, int broker) {
        List<RoleChange> changes = roleChanges(cluster, broker);
        return !changes.isEmpty() && changes.get(changes.size() - 1).elected();
    }

    /**
     * Waits until there is exactly one controller by every account: every broker in {@code brokers} names
     * {@code controller} in its own Metadata answer, and only {@code controller}'s log says it is active, elected with
     * the epoch in {@code /controller_epoch}.
     */
    public static void awaitExactlyOneController(ClusterHarness cluster, Collection<Integer> brokers, int controller, Duration timeout) {
        Wait.until(() -> {
            int epoch = controllerEpoch(cluster);
            for (int b : brokers) {
                if (MetadataV1.ask(cluster.brokerPort(b), List.of()).controllerId() != controller) {
                    return false;
                }
                if (actsAsController(cluster, b) != (b == controller)) {
                    return false;
                }
            }
            List<RoleChange> changes = roleChanges(cluster, controller);
            return changes.get(changes.size() - 1).epoch() == epoch;
        }, timeout, () -> "broker " + controller + " is the one controller: " + describe(cluster, brokers));
    }

    /** What each broker says about the controller, for failure messages. */
    public static String describe(ClusterHarness cluster, Collection<Integer> brokers) {
        StringBuilder out = new StringBuilder("/controller=" + ClusterState.controllerId(cluster)
                + " /controller_epoch=" + controllerEpoch(cluster));
        for (int b : brokers) {
            String metadata;
            try {
                metadata = Integer.toString(MetadataV1.ask(cluster.brokerPort(b), List.of()).controllerId());
            } catch (RuntimeException | AssertionError e) {
                metadata = e.toString();
            }
            out.append("; broker ").append(b).append(": metadata controller ").append(metadata)
                    .append(", role changes ").append(roleChanges(cluster, b));
        }
        return out.toString();
    }

    /**
     * Waits until each broker in {@code brokers}, asked on its own port, has the leader and ISR of every partition of
     * {@code topic} that the partition state znodes have.
     */
    public static void awaitMetadataMatchesZooKeeper(ClusterHarness cluster, Collection<Integer> brokers, String topic, int partitions,
                                                     Duration timeout) {
        Wait.until(() -> mismatches(cluster, brokers, topic, partitions).isEmpty(), timeout,
                () -> "every broker's metadata for " + topic + " matches ZooKeeper: " + mismatches(cluster, brokers, topic, partitions));
    }

    /** Broker id to what its metadata says of the partitions that differ from ZooKeeper. */
    public static Map<Integer, String> mismatches(ClusterHarness cluster, Collection<Integer> brokers, String topic, int partitions) {
        Map<Integer, String> out = new TreeMap<>();
        for (int b : brokers) {
            MetadataV1.Answer answer = MetadataV1.ask(cluster.brokerPort(b), List.of(topic));
            for (int p = 0; p < partitions; p++) {
                LeaderIsrAndControllerEpoch zk = ClusterState.partitionState(cluster, topic, p);
                MetadataV1.PartitionInfo seen = answer.partition(topic, p);
                if (seen == null || seen.leader() != zk.leader() || !seen.isrSet().equals(new java.util.TreeSet<>(zk.isr()))) {
                    out.merge(b, "p" + p + "=" + seen + " (ZooKeeper: leader " + zk.leader() + ", ISR " + zk.isr() + ")", (x, y) -> x + "; " + y);
                }
            }
        }
        return out;
    }
}
