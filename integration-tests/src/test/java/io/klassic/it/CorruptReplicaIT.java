package io.klassic.it;

import io.klassic.zk.LeaderIsrAndControllerEpoch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RELIABILITY.md's T7 on a replicated partition, with one ZooKeeper and three broker processes: a follower is killed
 * with {@code kill -9}, then its files are damaged as a crash or a bad disk leaves them: garbage appended to the
 * active segment, a corrupt byte in the middle of the active segment, an older segment's offset index deleted and
 * its time index filled with zeros. On restart the follower truncates its log at the first bad batch, rebuilds the
 * indexes, and fetches the rest from the leader: afterwards its log equals the leader's byte for byte, it
 * is back in the ISR, and every acknowledged record is read from it.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CorruptReplicaIT {
    private static final int BROKERS = 3;
    private static final int RECORDS = 600;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(BROKERS)
                .zookeeperConfig("tickTime", "500")
                .brokerConfig("zookeeper.session.timeout.ms", "6000")
                .brokerConfig("replica.lag.time.max.ms", "3000")
                .brokerConfig("replica.fetch.backoff.ms", "200")
                .start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aDamagedFollowerTruncatesAtTheFirstBadBatchRebuildsItsIndexesAndCatchesUp() throws Exception {
        String topic = Clients.uniqueTopic("corrupt");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            // small segments and a dense index: several segments, each with index entries to lose
            Clients.await(admin.createTopics(List.of(new NewTopic(topic, 1, (short) BROKERS).configs(Map.of(
                    "segment.bytes", "16384", "index.interval.bytes", "512", "min.insync.replicas", "2")))).all(), "createTopics");
        }
        awaitFullIsr(topic);
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("acks", "all",
                "linger.ms", "0", "batch.size", "2048"))) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, value(i)));
            }
            producer.flush();
        }
        LeaderIsrAndControllerEpoch state = ClusterState.partitionState(cluster, topic, 0);
        int follower = state.isr().stream().filter(r -> r != state.leader()).findFirst().orElseThrow();
        Path dir = cluster.logDir(follower).resolve(topic + "-0");
        Wait.until(() -> sameSegments(topic, state.leader(), follower), WAIT, "the follower has caught up before the crash");

        cluster.killBroker(follower);
        List<Path> segments = files(dir, ".log");
        assertTrue(segments.size() >= 3, "several segments: " + segments);
        Path active = segments.get(segments.size() - 1);
        Path older = segments.get(segments.size() - 2);
        long activeSize = Files.size(active);
        assertTrue(activeSize > 200, "the active segment holds batches: " + activeSize);
        try (RandomAccessFile file = new RandomAccessFile(active.toFile(), "rw")) {
            file.seek(activeSize / 2);
            int b = file.read();
            file.seek(activeSize / 2);
            file.write(b ^ 0x5a);
            file.seek(activeSize);
            file.write("garbage after the last batch".getBytes(StandardCharsets.UTF_8));
        }
        Path olderIndex = sibling(older, ".index");
        Path olderTimeIndex = sibling(older, ".timeindex");
        Files.delete(olderIndex);
        Files.write(olderTimeIndex, new byte[(int) Math.max(12, Files.size(olderTimeIndex))]);

        cluster.startBroker(follower);
        awaitFullIsr(topic);
        Wait.until(() -> sameSegments(topic, state.leader(), follower), WAIT,
                () -> "the follower's segments equal the leader's after recovery and catch-up");
        assertTrue(Files.size(olderIndex) > 0, "the deleted offset index was rebuilt");

        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> read = Clients.readAll(cluster.bootstrapServers(),
                new TopicPartition(topic, 0), RECORDS, WAIT);
        for (int i = 0; i < RECORDS; i++) {
            assertEquals(i, read.get(i).offset());
            assertEquals(new String(value(i), StandardCharsets.UTF_8), new String(read.get(i).value(), StandardCharsets.UTF_8));
        }
        // the follower now serves the same records as leader: move leadership to it and read again
        cluster.killBroker(state.leader());
        Wait.until(() -> {
            int leader = ClusterState.partitionState(cluster, topic, 0).leader();
            return leader >= 0 && leader != state.leader();
        }, WAIT, "a new leader");
        cluster.startBroker(state.leader());
        awaitFullIsr(topic);
        assertEquals(RECORDS, Clients.readAll(cluster.bootstrapServers(), new TopicPartition(topic, 0), RECORDS, WAIT).size());
    }

    private static byte[] value(int i) {
        return ("record-" + i + "-" + "x".repeat(60)).getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitFullIsr(String topic) {
        ClusterState.awaitFullIsr(cluster, topic, 1, BROKERS, WAIT);
    }

    /**
     * Whether both brokers' logs hold the same batches, byte for byte, in the same order (the segments' contents
     * concatenated: a follower appends what one fetch brings at once, so it may roll its segments at other batches).
     */
    private static boolean sameSegments(String topic, int a, int b) {
        return Arrays.equals(logBytes(cluster.logDir(a).resolve(topic + "-0")), logBytes(cluster.logDir(b).resolve(topic + "-0")));
    }

    private static byte[] logBytes(Path dir) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try {
            for (Path segment : files(dir, ".log")) {
                all.write(Files.readAllBytes(segment));
            }
        } catch (IOException e) {
            return new byte[0];
        }
        return all.toByteArray();
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path sibling(Path segment, String suffix) {
        String name = segment.getFileName().toString();
        return segment.resolveSibling(name.substring(0, name.length() - ".log".length()) + suffix);
    }
}
