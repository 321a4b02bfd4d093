package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad bytes on one connection close that connection only: the broker stays up, another raw connection
 * opened before keeps being answered, and a KafkaProducer on its own connection keeps working. Also the
 * protocol-level answers to a corrupt record batch (CORRUPT_MESSAGE) and to an ApiVersions version from
 * the future (the v0-format UNSUPPORTED_VERSION answer of PROTOCOL.md section 3).
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MalformedRequestsIT {
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static final short CORRUPT_MESSAGE = 2;
    private static final short UNSUPPORTED_VERSION = 35;

    private static ClusterHarness cluster;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;
    private static String canaryTopic;
    private static final AtomicInteger CORRELATION = new AtomicInteger(1000);

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1)
                .brokerOverride("socket.request.max.bytes", Integer.toString(MAX_REQUEST_BYTES))
                .start();
        admin = Clients.admin(cluster.bootstrapServers());
        canaryTopic = Clients.uniqueTopic("malformed-canary");
        Clients.createTopic(admin, canaryTopic, 1);
        producer = Clients.producer(cluster.bootstrapServers(), Map.of());
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (producer != null) {
                producer.close(Duration.ofSeconds(10));
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(10));
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void negativeFrameSizeClosesOnlyThatConnection() {
        assertOnlyThatConnectionCloses("a frame of size -16",
                KafkaWire.bytes().int32(-16).raw(new byte[16]).build());
    }

    @Test
    void frameLargerThanSocketRequestMaxBytesClosesOnlyThatConnection() {
        assertOnlyThatConnectionCloses("a size header claiming 2 MiB (socket.request.max.bytes is 1 MiB)",
                KafkaWire.bytes().int32(2 * 1024 * 1024).build());
    }

    @Test
    void unknownApiKeyClosesOnlyThatConnection() {
        assertOnlyThatConnectionCloses("api key 999",
                KafkaWire.bytes().headerV1(999, 0, nextCorrelation(), "klassic-it").int32(0).frame());
    }

    @Test
    void frameShorterThanARequestHeaderClosesOnlyThatConnection() {
        assertOnlyThatConnectionCloses("a 3-byte frame", KafkaWire.bytes().int8(0).int8(18).int8(0).frame());
    }

    @Test
    void arrayCountPastTheEndOfTheFrameClosesOnlyThatConnection() {
        assertOnlyThatConnectionCloses("Metadata v1 claiming 1,000,000,000 topics in a 4-byte body",
                KafkaWire.bytes().headerV1(3, 1, nextCorrelation(), "klassic-it").int32(1_000_000_000).frame());
    }

    @Test
    void garbageBytesCloseOnlyThatConnection() {
        assertOnlyThatConnectionCloses("an HTTP request",
                "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void produceV3WithACorruptBatchGetsCorruptMessage() throws IOException {
        String topic = Clients.uniqueTopic("malformed-crc");
        Clients.createTopic(admin, topic, 1);
        byte[] good = batch("good");
        byte[] corrupt = batch("corrupt");
        corrupt[corrupt.length - 1] ^= 0x01; // the last byte of the last value: covered by the CRC (bytes 21..end)

        try (Socket socket = KafkaWire.connect(cluster.brokerPort(0), READ_TIMEOUT)) {
            PartitionResponse accepted = produceV3(socket, topic, good);
            assertEquals(0, accepted.errorCode, "error code for a valid batch");
            assertEquals(0, accepted.baseOffset, "base offset of the first batch");

            PartitionResponse rejected = produceV3(socket, topic, corrupt);
            assertEquals(CORRUPT_MESSAGE, rejected.errorCode, "error code for a batch with a flipped byte");
        }
        List<ConsumerRecord<byte[], byte[]>> records = Clients.readAll(cluster.bootstrapServers(),
                new TopicPartition(topic, 0), 2, Duration.ofSeconds(60));
        assertEquals("good-0", new String(records.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("good-1", new String(records.get(1).value(), StandardCharsets.UTF_8));
        assertProducerWorks("after the corrupt batch");
    }

    @Test
    void apiVersionsFromTheFutureGetsTheV0UnsupportedVersionAnswer() throws IOException {
        try (Socket socket = KafkaWire.connect(cluster.brokerPort(0), READ_TIMEOUT)) {
            int correlation = nextCorrelation();
            byte[] request = KafkaWire.bytes().headerV2(18, 99, correlation, "klassic-it")
                    .compactString("klassic-it").compactString("1.0").uvarint(0).frame();
            ByteBuffer response = KafkaWire.exchange(socket, request);

            assertEquals(16, response.remaining(), "size of the v0 UNSUPPORTED_VERSION answer");
            assertEquals(correlation, response.getInt(), "correlation id");
            assertEquals(UNSUPPORTED_VERSION, response.getShort(), "error code");
            assertEquals(1, response.getInt(), "api_keys entries");
            assertEquals(18, response.getShort(), "the one entry is ApiVersions");
            assertEquals(0, response.getShort(), "ApiVersions min version");
            short max = response.getShort();
            assertTrue(max >= 3, "ApiVersions max version " + max + " must be at least 3");

            // The connection stays usable: the client retries on it at a version we support.
            int retry = nextCorrelation();
            Map<Integer, int[]> versions =
                    KafkaWire.parseApiVersionsV0(KafkaWire.exchange(socket, KafkaWire.apiVersionsV0(retry)), retry);
            assertTrue(versions.containsKey(0) && versions.containsKey(18),
                    "ApiVersions v0 lists Produce and ApiVersions: " + versions.keySet());
            assertEquals(max, versions.get(18)[1], "ApiVersions max version in both answers");
        }
    }

    private record PartitionResponse(short errorCode, long baseOffset) {
    }

    /**
     * Sends ProduceRequest v3 ({@code nullable_string transactional_id = null, int16 acks = 1, int32
     * timeout_ms, [string topic, [int32 partition, records]]}) for partition 0 and parses ProduceResponse v3
     * ({@code [string topic, [int32 partition, int16 error_code, int64 base_offset, int64
     * log_append_time_ms]], int32 throttle_time_ms}).
     */
    private static PartitionResponse produceV3(Socket socket, String topic, byte[] batch) {
        int correlation = nextCorrelation();
        byte[] request = KafkaWire.bytes().headerV1(0, 3, correlation, "klassic-it")
                .string(null).int16(1).int32(30_000)
                .int32(1).string(topic)
                .int32(1).int32(0).sizedBytes(batch)
                .frame();
        ByteBuffer response = KafkaWire.exchange(socket, request);
        assertEquals(correlation, response.getInt(), "correlation id of the ProduceResponse");
        assertEquals(1, response.getInt(), "topics in the ProduceResponse");
        byte[] name = new byte[response.getShort()];
        response.get(name);
        assertEquals(topic, new String(name, StandardCharsets.UTF_8), "topic in the ProduceResponse");
        assertEquals(1, response.getInt(), "partitions in the ProduceResponse");
        assertEquals(0, response.getInt(), "partition index in the ProduceResponse");
        short error = response.getShort();
        long baseOffset = response.getLong();
        long logAppendTime = response.getLong();
        int throttle = response.getInt();
        assertEquals(-1, logAppendTime, "log_append_time_ms of a CreateTime topic");
        assertEquals(0, throttle, "throttle_time_ms");
        assertEquals(0, response.remaining(), "bytes after the ProduceResponse");
        return new PartitionResponse(error, baseOffset);
    }

    /** A record batch v2 of two uncompressed records {@code <prefix>-0}, {@code <prefix>-1}. */
    private static byte[] batch(String prefix) {
        long now = System.currentTimeMillis();
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(now, "k0".getBytes(StandardCharsets.UTF_8),
                        (prefix + "-0").getBytes(StandardCharsets.UTF_8)),
                new SimpleRecord(now, "k1".getBytes(StandardCharsets.UTF_8),
                        (prefix + "-1").getBytes(StandardCharsets.UTF_8)));
        ByteBuffer buffer = records.buffer().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /**
     * Opens a good raw connection and checks it is answered; sends {@code bad} on a second connection and
     * checks the broker closes it; then checks the good connection, a KafkaProducer and the process.
     */
    private static void assertOnlyThatConnectionCloses(String what, byte[] bad) {
        assertProducerWorks("before " + what);
        try (Socket good = KafkaWire.connect(cluster.brokerPort(0), READ_TIMEOUT);
             Socket victim = KafkaWire.connect(cluster.brokerPort(0), READ_TIMEOUT)) {
            assertApiVersionsAnswered(good, "before " + what);
            victim.getOutputStream().write(bad);
            victim.getOutputStream().flush();
            assertTrue(KafkaWire.closedByPeer(victim),
                    "the broker kept the connection open for " + READ_TIMEOUT.toSeconds() + " s after " + what);
            assertApiVersionsAnswered(good, "on another connection after " + what);
        } catch (IOException e) {
            throw new AssertionError("socket error around " + what + ": " + e, e);
        }
        assertTrue(cluster.isBrokerAlive(0), "the broker process exited after " + what);
        assertProducerWorks("after " + what);
    }

    private static void assertApiVersionsAnswered(Socket socket, String when) {
        int correlation = nextCorrelation();
        Map<Integer, int[]> versions =
                KafkaWire.parseApiVersionsV0(KafkaWire.exchange(socket, KafkaWire.apiVersionsV0(correlation)),
                        correlation);
        assertTrue(versions.containsKey(18), "ApiVersions " + when + " lists ApiVersions: " + versions.keySet());
    }

    private static void assertProducerWorks(String when) {
        long offset = Clients.await(producer.send(new ProducerRecord<>(canaryTopic,
                        ("canary " + when).getBytes(StandardCharsets.UTF_8))),
                "KafkaProducer send " + when).offset();
        assertTrue(offset >= 0, "offset of the canary record " + when);
    }

    private static int nextCorrelation() {
        return CORRELATION.incrementAndGet();
    }
}
