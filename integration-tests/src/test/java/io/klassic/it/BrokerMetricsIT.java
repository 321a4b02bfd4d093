package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import java.util.stream.Stream;

import io.klassic.zk.ControllerZNode;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicPartitionStateZNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The brokers' metrics over remote JMX, and their state change logs, on three broker processes with a free
 * {@code JMX_PORT} each: a topic with 3 partitions and replication factor 3 takes records from a kafka-clients
 * producer (acks=all) and gives them to a consumer without a group; MessagesInPerSec then counts exactly the records
 * produced (all topics and the topic), BytesIn/BytesOut and the replication bytes grew, Produce, FetchConsumer and
 * FetchFollower requests were counted and timed, exactly one broker is the active controller, PartitionCount,
 * LeaderCount and the Log gauges agree with the topic; each leader's state-change.log has the LeaderAndIsr lines of
 * its partitions; after {@code kill -9} of a follower UnderReplicatedPartitions rises on the leaders and falls back to
 * 0 once it is restarted; deleting the topic unregisters its per-topic and Log metrics.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BrokerMetricsIT {
    private static final int BROKERS = 3;
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 300;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC_METRICS = "kafka.server:type=BrokerTopicMetrics,name=";
    private static final String REPLICA_MANAGER = "kafka.server:type=ReplicaManager,name=";
    private static final String REQUEST_METRICS = "kafka.network:type=RequestMetrics,name=";

    private static ClusterHarness cluster;
    private static BrokerJmx jmx;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(BROKERS).jmx()
                .zookeeperConfig("tickTime", "500")
                .brokerConfig("zookeeper.session.timeout.ms", "6000")
                .brokerConfig("replica.lag.time.max.ms", "3000")
                .brokerConfig("replica.fetch.backoff.ms", "200")
                .start();
        jmx = new BrokerJmx(cluster);
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static long sum(Iterable<Integer> brokers, IntToLongFunction value) {
        long sum = 0;
        for (int broker : brokers) {
            sum += value.applyAsLong(broker);
        }
        return sum;
    }

    private static List<Integer> allBrokers() {
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < BROKERS; id++) {
            ids.add(id);
        }
        return ids;
    }

    @Test
    void brokerMetricsOnJmxAndStateChangeLog() {
        List<Integer> brokers = allBrokers();
        String topic = Clients.uniqueTopic("metrics");
        assertEquals(0, sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "BytesInPerSec")), "nothing produced yet");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.createTopic(admin, topic, PARTITIONS, (short) BROKERS);
        }
        for (int broker : brokers) {
            assertEquals(3L, jmx.gauge(broker, "kafka.server:type=KafkaServer,name=BrokerState"), "broker " + broker + " is RUNNING");
        }

        // Exactly one active controller, the one /controller names.
        Wait.until(() -> sum(brokers, b -> jmx.gauge(b, "kafka.controller:type=KafkaController,name=ActiveControllerCount")) == 1
                        && jmx.gauge(controllerId(), "kafka.controller:type=KafkaController,name=ActiveControllerCount") == 1,
                WAIT, "exactly one broker has ActiveControllerCount 1");
        int controller = controllerId();
        Wait.until(() -> jmx.gauge(controller, "kafka.controller:type=KafkaController,name=GlobalPartitionCount") == PARTITIONS
                        && jmx.gauge(controller, "kafka.controller:type=KafkaController,name=OfflinePartitionsCount") == 0,
                WAIT, "the controller counts the topic's partitions, none offline");

        // PartitionCount and LeaderCount agree with the partition states in ZooKeeper.
        awaitFullIsr(topic);
        int[] leaders = leaders(topic);
        Wait.until(() -> brokers.stream().allMatch(b -> jmx.gauge(b, REPLICA_MANAGER + "PartitionCount") == PARTITIONS
                        && jmx.gauge(b, REPLICA_MANAGER + "LeaderCount") == ledBy(leaders, b)
                        && jmx.gauge(b, REPLICA_MANAGER + "UnderReplicatedPartitions") == 0),
                WAIT, () -> "PartitionCount 3 and LeaderCount as in ZooKeeper on every broker, leaders " + java.util.Arrays.toString(leaders));

        long[] perPartition = produce(topic);
        assertEquals(RECORDS, sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "MessagesInPerSec")), "MessagesInPerSec, all topics");
        assertEquals(RECORDS, sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "MessagesInPerSec,topic=" + topic)), "MessagesInPerSec of the topic");
        for (int broker : brokers) {
            long led = 0;
            for (int p = 0; p < PARTITIONS; p++) {
                led += leaders[p] == broker ? perPartition[p] : 0;
            }
            assertEquals(led, jmx.count(broker, TOPIC_METRICS + "MessagesInPerSec,topic=" + topic), "only leaders count appends: broker " + broker);
        }
        long bytesIn = sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "BytesInPerSec"));
        assertTrue(bytesIn > RECORDS, "BytesInPerSec grew with the produce: " + bytesIn);
        assertEquals(bytesIn, sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "BytesInPerSec,topic=" + topic)));
        assertEquals(0, sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "FailedProduceRequestsPerSec")));
        Wait.until(() -> sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "ReplicationBytesInPerSec")) >= 2 * bytesIn
                        && sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "ReplicationBytesOutPerSec")) >= 2 * bytesIn,
                WAIT, "followers fetched every produced byte twice over (replication factor 3)");

        long bytesOutBefore = sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "BytesOutPerSec"));
        assertEquals(0, bytesOutBefore, "follower fetches count as ReplicationBytesOutPerSec, not BytesOutPerSec");
        consumeAll(topic);
        long bytesOut = sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "BytesOutPerSec"));
        assertTrue(bytesOut >= bytesIn, "BytesOutPerSec grew with the consumer's fetches: " + bytesOut + " (in: " + bytesIn + ")");
        assertEquals(bytesOut, sum(brokers, b -> jmx.count(b, TOPIC_METRICS + "BytesOutPerSec,topic=" + topic)));

        // Requests: counted per version, timed per request name.
        assertTrue(sum(brokers, b -> jmx.sumOfCounts(b, REQUEST_METRICS + "RequestsPerSec,request=Produce,*")) > 0, "Produce requests");
        assertTrue(sum(brokers, b -> jmx.sumOfCounts(b, REQUEST_METRICS + "RequestsPerSec,request=FetchConsumer,*")) > 0, "FetchConsumer requests");
        assertTrue(sum(brokers, b -> jmx.sumOfCounts(b, REQUEST_METRICS + "RequestsPerSec,request=FetchFollower,*")) > 0, "FetchFollower requests");
        for (int p = 0; p < PARTITIONS; p++) {
            int leader = leaders[p];
            assertTrue(jmx.count(leader, REQUEST_METRICS + "TotalTimeMs,request=Produce") > 0, "Produce timed on leader " + leader);
            assertTrue(jmx.count(leader, REQUEST_METRICS + "ErrorsPerSec,request=Produce,error=NONE") > 0, "Produce errors counted on " + leader);
            assertEquals(perPartition[p], jmx.gauge(leader, "kafka.log:type=Log,name=LogEndOffset,topic=" + topic + ",partition=" + p),
                    "LogEndOffset of partition " + p + " on its leader");
            assertTrue(jmx.gauge(leader, "kafka.log:type=Log,name=Size,topic=" + topic + ",partition=" + p) > 0);
        }
        assertTrue(sum(brokers, b -> jmx.count(b, REQUEST_METRICS + "TotalTimeMs,request=FetchConsumer")) > 0, "FetchConsumer timed");

        assertStateChangeLogs(topic, leaders, controller);

        // A follower dies: its partitions become under-replicated on their leaders, and recover once it is back.
        int victim = brokers.stream().filter(b -> b != controller).findFirst().orElseThrow();
        List<Integer> survivors = brokers.stream().filter(b -> b != victim).toList();
        cluster.killBroker(victim);
        Wait.until(() -> sum(survivors, b -> jmx.gauge(b, REPLICA_MANAGER + "UnderReplicatedPartitions")) == PARTITIONS,
                Duration.ofSeconds(90), () -> "UnderReplicatedPartitions on the leaders after broker " + victim + " was killed: "
                        + survivors.stream().map(b -> b + "=" + jmx.gauge(b, REPLICA_MANAGER + "UnderReplicatedPartitions")).toList());
        cluster.startBroker(victim);
        Wait.until(() -> sum(brokers, b -> jmx.gauge(b, REPLICA_MANAGER + "UnderReplicatedPartitions")) == 0
                        && jmx.gauge(victim, REPLICA_MANAGER + "PartitionCount") == PARTITIONS,
                Duration.ofSeconds(90), "UnderReplicatedPartitions back to 0 after broker " + victim + " restarted");
        assertTrue(sum(survivors, b -> jmx.count(b, REPLICA_MANAGER + "IsrExpandsPerSec")) > 0, "the leaders took the restarted broker back");
        assertTrue(jmx.count(controller, "kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs") > 0,
                "the controller timed the broker changes");

        // Deleting the topic unregisters its metrics everywhere; the all-topics ones stay.
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.await(admin.deleteTopics(List.of(topic)).all(), "deleteTopics " + topic);
        }
        Wait.until(() -> brokers.stream().allMatch(b -> jmx.names(b, "kafka.server:type=BrokerTopicMetrics,topic=" + topic + ",*").isEmpty()
                        && jmx.names(b, "kafka.log:type=Log,topic=" + topic + ",*").isEmpty()),
                WAIT, "the topic's BrokerTopicMetrics and Log metrics are unregistered on every broker");
        for (int broker : brokers) {
            assertEquals(1, jmx.names(broker, TOPIC_METRICS + "MessagesInPerSec").size(), "the all-topics MessagesInPerSec stays on " + broker);
        }
    }

    /** Produces RECORDS keyed records and waits for every acknowledgement; returns how many went to each partition. */
    private static long[] produce(String topic) {
        long[] perPartition = new long[PARTITIONS];
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
                acks.add(producer.send(new ProducerRecord<>(topic, key, ("value-" + i).getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                perPartition[Clients.await(ack, "produce to " + topic).partition()]++;
            }
        }
        return perPartition;
    }

    private static void consumeAll(String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(cluster.bootstrapServers())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int[] read = {0};
            Wait.until(() -> {
                read[0] += consumer.poll(Duration.ofMillis(500)).count();
                return read[0] >= RECORDS;
            }, WAIT, () -> "read " + read[0] + " of " + RECORDS + " records");
        }
    }

    private static void assertStateChangeLogs(String topic, int[] leaders, int controller) {
        for (int p = 0; p < PARTITIONS; p++) {
            int leader = leaders[p];
            String partition = topic + "-" + p;
            String handling = "[Broker id=" + leader + "] Handling LeaderAndIsr request correlationId ";
            String becameLeader = "[Broker id=" + leader + "] Leader " + partition + " starts at leader epoch ";
            Wait.until(() -> {
                String log = stateChangeLog(leader);
                return log.contains(handling) && log.contains(becameLeader);
            }, WAIT, () -> "broker " + leader + "'s state-change.log has the LeaderAndIsr lines of " + partition + ":\n" + stateChangeLog(leader));
        }
        String created = "[Controller id=" + controller + " epoch=";
        String log = stateChangeLog(controller);
        assertTrue(log.contains(created) && log.contains("Changed partition " + topic + "-0 from NewPartition to OnlinePartition"),
                "the controller logged the new partitions' state changes:\n" + log);
    }

    /** Every state-change.log file of the broker (the current one and any rolled one), concatenated. */
    private static String stateChangeLog(int broker) {
        Path dir = cluster.brokerLogsDir(broker);
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("state-change.log")).sorted().toList()) {
                text.append(Files.readString(file, StandardCharsets.UTF_8));
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the state change log in " + dir, e);
        }
    }

    private static long ledBy(int[] leaders, int broker) {
        return java.util.Arrays.stream(leaders).filter(l -> l == broker).count();
    }

    private static int[] leaders(String topic) {
        int[] leaders = new int[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            leaders[p] = partitionState(topic, p).leader();
        }
        return leaders;
    }

    private static void awaitFullIsr(String topic) {
        ClusterState.awaitFullIsr(cluster, topic, PARTITIONS, BROKERS, WAIT);
    }

    private static int controllerId() {
        try {
            return ControllerZNode.decode(cluster.zk().getData().forPath(ControllerZNode.PATH));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read /controller: " + e, e);
        }
    }

    private static LeaderIsrAndControllerEpoch partitionState(String topic, int partition) {
        try {
            return TopicPartitionStateZNode.decode(cluster.zk().getData().forPath(TopicPartitionStateZNode.path(topic, partition)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the state of " + topic + "-" + partition + ": " + e, e);
        }
    }
}
