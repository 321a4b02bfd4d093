package io.klassic.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/kafka-local-cluster.sh}: {@code start} brings up ZooKeeper and three brokers as real processes on free
 * ports under a temp dir, {@code status} reports them, the cluster serves Kafka's Java clients (three brokers in
 * describeCluster, a topic of replication factor 3, records produced with acks=all and read back), and {@code stop}
 * leaves nothing running: {@code status} exits non-zero, the ports are closed and the processes are gone. The
 * cluster is stopped in any case, and whatever the script left running is killed by pid.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class LocalClusterIT {
    private static final int BROKERS = 3;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @Test
    void startsThreeBrokersThatServeClientsAndStopsThemAll() throws IOException {
        Path script = ClusterHarness.repositoryRoot().resolve("bin/kafka-local-cluster.sh");
        Path dir = tmp.resolve("cluster");
        int basePort = freePorts(BROKERS);
        int zkPort = freePorts(1);
        while (zkPort >= basePort && zkPort < basePort + BROKERS) {
            zkPort = freePorts(1);
        }
        List<String> options = List.of("--brokers", Integer.toString(BROKERS), "--zookeeper-port",
            Integer.toString(zkPort), "--base-port", Integer.toString(basePort), "--dir", dir.toString());
        List<Long> pids = new ArrayList<>();
        ExternalCommand.Result stop;
        try {
            ExternalCommand.Result start = run(script, "start", options);
            assertEquals(0, start.exitCode(), start.describe());
            pids.addAll(recordedPids(dir));
            assertEquals(BROKERS + 1, pids.size(), "a pid file per process:\n" + start.describe());
            for (int id = 0; id < BROKERS; id++) {
                assertTrue(start.stdout().contains("broker-" + id), start.describe());
                assertTrue(start.stdout().contains("port " + (basePort + id)), start.describe());
                assertTrue(start.stdout().contains(dir.resolve("logs/broker-" + id).toString()), start.describe());
                assertTrue(Files.isRegularFile(dir.resolve("logs/broker-" + id + "/server.log")), "broker " + id + " logs");
            }
            assertTrue(start.stdout().contains("port " + zkPort), start.describe());
            for (long pid : pids) {
                assertTrue(start.stdout().contains("pid " + pid), pid + " in\n" + start.describe());
            }

            ExternalCommand.Result status = run(script, "status", List.of("--dir", dir.toString()));
            assertEquals(0, status.exitCode(), status.describe());
            assertEquals(BROKERS + 1, status.stdout().lines().filter(LocalClusterIT::isRunningLine).count(),
                status.describe());

            String bootstrap = Stream.iterate(basePort, p -> p + 1).limit(BROKERS).map(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(","));
            produceAndConsume(bootstrap);

            ExternalCommand.Result again = run(script, "start", options);
            assertEquals(1, again.exitCode(), "a second start while running fails:\n" + again.describe());
            assertTrue(again.stderr().contains("already running"), again.describe());

            // a crashed broker: start brings up only what does not run
            long broker1 = Long.parseLong(Files.readString(dir.resolve("pids/broker-1.pid")).strip());
            String zookeeperPid = Files.readString(dir.resolve("pids/zookeeper.pid")).strip();
            ProcessHandle.of(broker1).ifPresent(ProcessHandle::destroyForcibly);
            Wait.until(() -> ProcessHandle.of(broker1).map(h -> !h.isAlive()).orElse(true), Duration.ofSeconds(30), "broker 1 killed");
            ExternalCommand.Result partial = run(script, "start", options);
            assertEquals(0, partial.exitCode(), partial.describe());
            assertTrue(partial.stdout().contains("running: zookeeper broker-0 broker-2"), partial.describe());
            pids.addAll(recordedPids(dir));
            assertEquals(zookeeperPid, Files.readString(dir.resolve("pids/zookeeper.pid")).strip(), "ZooKeeper was left alone");
            assertNotEquals(Long.toString(broker1), Files.readString(dir.resolve("pids/broker-1.pid")).strip(), "broker 1 restarted");
            ExternalCommand.Result statusAfter = run(script, "status", List.of("--dir", dir.toString()));
            assertEquals(BROKERS + 1, statusAfter.stdout().lines().filter(LocalClusterIT::isRunningLine).count(),
                statusAfter.describe());
        } finally {
            stop = run(script, "stop", List.of("--dir", dir.toString()));
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        assertEquals(0, stop.exitCode(), stop.describe());
        assertTrue(stop.stdout().indexOf("Stopping broker-0") < stop.stdout().indexOf("Stopping zookeeper"),
            "brokers stop before ZooKeeper:\n" + stop.describe());
        ExternalCommand.Result status = run(script, "status", List.of("--dir", dir.toString()));
        assertNotEquals(0, status.exitCode(), status.describe());
        assertEquals(0, status.stdout().lines().filter(LocalClusterIT::isRunningLine).count(), status.describe());
        for (int port : Stream.concat(Stream.of(zkPort), Stream.iterate(basePort, p -> p + 1).limit(BROKERS)).toList()) {
            Wait.until(() -> !accepts(port), Duration.ofSeconds(30), "port " + port + " closed after stop");
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " after stop");
        }
        ExternalCommand.Result bad = run(script, "restart", List.of("--dir", dir.toString()));
        assertEquals(1, bad.exitCode(), bad.describe());
        assertTrue(bad.stdout().isEmpty() && bad.stderr().startsWith("USAGE: "), bad.describe());
    }

    private static void produceAndConsume(String bootstrap) {
        String topic = Clients.uniqueTopic("local-cluster");
        try (Admin admin = Clients.admin(bootstrap)) {
            Wait.until(() -> Clients.await(admin.describeCluster().nodes(), "describeCluster").size() == BROKERS,
                Duration.ofSeconds(60), "describeCluster shows " + BROKERS + " brokers");
            Clients.createTopic(admin, topic, BROKERS, (short) BROKERS);
            // the same description that satisfied the wait: another broker asked next may not know the topic yet
            AtomicReference<TopicDescription> described = new AtomicReference<>();
            Wait.until(() -> {
                TopicDescription description = Clients.describeIfKnown(admin, topic);
                described.set(description);
                return description != null && description.partitions().stream().allMatch(p -> p.leader() != null
                    && p.replicas().size() == BROKERS && p.isr().size() == BROKERS);
            }, Duration.ofSeconds(60), "every partition of " + topic + " has a leader and 3 in-sync replicas");
            List<TopicPartitionInfo> partitions = described.get().partitions();
            assertEquals(BROKERS, partitions.stream().map(p -> p.leader().id()).distinct().count(),
                "each broker leads one partition");
        }
        Map<Integer, List<String>> sent = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, Map.of("acks", "all"))) {
            for (int i = 0; i < 9; i++) {
                int partition = i % BROKERS;
                String value = "record-" + i;
                Clients.await(producer.send(new ProducerRecord<>(topic, partition, null,
                    value.getBytes(StandardCharsets.UTF_8))), "send " + value);
                sent.computeIfAbsent(partition, p -> new ArrayList<>()).add(value);
            }
        }
        for (Map.Entry<Integer, List<String>> e : sent.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> read = Clients.readAll(bootstrap, new TopicPartition(topic, e.getKey()),
                e.getValue().size(), Duration.ofSeconds(60));
            assertEquals(e.getValue(), read.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
        }
    }

    private ExternalCommand.Result run(Path script, String command, List<String> options) {
        List<String> args = new ArrayList<>(List.of(script.toString(), command));
        args.addAll(options);
        // small heaps: four JVMs on a shared test machine; STOP_TIMEOUT bounds each clean shutdown
        return ExternalCommand.run(args, null, Map.of("KAFKA_HEAP_OPTS", "-Xmx256M", "STOP_TIMEOUT", "45"),
            tmp.resolve("commands"), SCRIPT_TIMEOUT);
    }

    /** A line of {@code status} saying that a process runs: {@code   broker-0   running   pid ...}. */
    private static boolean isRunningLine(String line) {
        return line.matches("\\s+\\S+\\s+running\\s.*");
    }

    private static List<Long> recordedPids(Path dir) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("pids"))) {
            for (Path file : files.sorted().toList()) {
                pids.add(Long.parseLong(Files.readString(file).trim()));
            }
        }
        return pids;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first of {@code count} consecutive ports that are free now, below the ephemeral port range. */
    private static int freePorts(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(15_000, 32_000 - count);
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    sockets.add(new ServerSocket(base + i, 50, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException busy) {
                // try another range
            } finally {
                for (ServerSocket socket : sockets) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closed when collected at the latest
                    }
                }
            }
        }
        throw new AssertionError("No " + count + " consecutive free ports found");
    }
}
