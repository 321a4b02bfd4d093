package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Responses leave a connection in request order, as Kafka's processors send them: on one raw connection a long-poll
 * Fetch v4 ({@code min_bytes} 1 on an empty partition) is pipelined with an ApiVersions v0 and a Metadata v1 request,
 * written together before any answer is read. The three answers come back in request order (correlation ids), the
 * Fetch first: after its {@code max_wait_ms} when nothing arrives, or as soon as records produced on another
 * connection during the wait arrive, carrying them. Requests are built by hand ({@link KafkaWire}); responses are
 * parsed by kafka-clients.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PipelinedRequestsIT {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final short FETCH_VERSION = 4;
    private static final short METADATA_VERSION = 1;
    private static final int MAX_BYTES = 1024 * 1024;

    private static ClusterHarness cluster;
    private static Admin admin;
    private static final AtomicInteger CORRELATION = new AtomicInteger(5000);

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1).start();
        admin = Clients.admin(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(10));
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** One response frame as read: its correlation id, the rest of its bytes, and when it was read. */
    private record Answer(int correlationId, ByteBuffer body, long elapsedMs) {
    }

    @Test
    void aLongPollFetchIsAnsweredAfterItsWaitAndBeforeTheRequestsPipelinedBehindIt() throws IOException {
        String topic = Clients.uniqueTopic("pipelined-empty");
        Clients.createTopic(admin, topic, 1);
        int maxWaitMs = 2000;
        int[] ids = {CORRELATION.incrementAndGet(), CORRELATION.incrementAndGet(), CORRELATION.incrementAndGet()};

        try (Socket socket = KafkaWire.connect(cluster.brokerPort(0), READ_TIMEOUT)) {
            long start = System.nanoTime();
            writePipeline(socket, topic, maxWaitMs, ids);
            List<Answer> answers = readAnswers(socket, 3, start);

            assertEquals(List.of(ids[0], ids[1], ids[2]), answers.stream().map(Answer::correlationId).toList(),
                    "responses in request order: Fetch, ApiVersions, Metadata");
            assertTrue(answers.get(0).elapsedMs() >= maxWaitMs,
                    "the Fetch waits max_wait_ms " + maxWaitMs + " for data that never comes; answered after " + answers.get(0).elapsedMs() + " ms");
            FetchResponseData.PartitionData fetched = fetchedPartition(answers.get(0).body(), topic);
            assertEquals(0, fetched.errorCode(), "Fetch error code");
            assertEquals(0, fetched.highWatermark(), "high watermark of the empty partition");
            assertEquals(List.of(), values(fetched), "records of the empty partition");
            assertApiVersionsAndMetadata(answers, ids, topic);
        }
    }

    @Test
    void recordsProducedDuringTheWaitAreFetchedBeforeTheRequestsPipelinedBehindIt() throws Exception {
        String topic = Clients.uniqueTopic("pipelined-produced");
        Clients.createTopic(admin, topic, 1);
        int maxWaitMs = 20_000;
        int[] ids = {CORRELATION.incrementAndGet(), CORRELATION.incrementAndGet(), CORRELATION.incrementAndGet()};

        try (Socket socket = KafkaWire.connect(cluster.brokerPort(0), READ_TIMEOUT);
             KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("acks", "1",
                     "enable.idempotence", "false"))) {
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            writePipeline(socket, topic, maxWaitMs, ids);
            assertEquals(0, socket.getInputStream().available(), "nothing is answered while the Fetch waits for data");
            for (int i = 0; i < 3; i++) {
                Clients.await(producer.send(new ProducerRecord<>(topic, 0, null, ("during-wait-" + i).getBytes(StandardCharsets.UTF_8))),
                        "send " + i);
            }
            List<Answer> answers = readAnswers(socket, 3, start);

            assertEquals(List.of(ids[0], ids[1], ids[2]), answers.stream().map(Answer::correlationId).toList(),
                    "responses in request order: Fetch, ApiVersions, Metadata");
            assertTrue(answers.get(0).elapsedMs() < maxWaitMs,
                    "the records end the Fetch's wait before max_wait_ms " + maxWaitMs + "; answered after " + answers.get(0).elapsedMs() + " ms");
            FetchResponseData.PartitionData fetched = fetchedPartition(answers.get(0).body(), topic);
            assertEquals(0, fetched.errorCode(), "Fetch error code");
            List<String> values = values(fetched);
            assertTrue(!values.isEmpty() && values.equals(List.of("during-wait-0", "during-wait-1", "during-wait-2").subList(0, values.size())),
                    "the Fetch carries the records produced during its wait, from offset 0: " + values);
            assertApiVersionsAndMetadata(answers, ids, topic);
        }
    }

    /** Writes Fetch v4 (ids[0]), ApiVersions v0 (ids[1]) and Metadata v1 (ids[2]) in one write, before reading anything. */
    private static void writePipeline(Socket socket, String topic, int maxWaitMs, int[] ids) throws IOException {
        ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
        pipeline.write(KafkaWire.bytes().headerV1(1, FETCH_VERSION, ids[0], "klassic-it")
                .int32(-1).int32(maxWaitMs).int32(1).int32(MAX_BYTES).int8(0)
                .int32(1).string(topic).int32(1).int32(0).int64(0L).int32(MAX_BYTES)
                .frame());
        pipeline.write(KafkaWire.apiVersionsV0(ids[1]));
        pipeline.write(KafkaWire.bytes().headerV1(3, METADATA_VERSION, ids[2], "klassic-it").int32(1).string(topic).frame());
        socket.getOutputStream().write(pipeline.toByteArray());
        socket.getOutputStream().flush();
    }

    private static List<Answer> readAnswers(Socket socket, int count, long startNanos) throws IOException {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ByteBuffer frame = KafkaWire.readFrame(socket);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            int correlationId = frame.getInt();
            answers.add(new Answer(correlationId, frame.slice(), elapsedMs));
        }
        return answers;
    }

    private static FetchResponseData.PartitionData fetchedPartition(ByteBuffer body, String topic) {
        FetchResponseData response = new FetchResponseData(new ByteBufferAccessor(body.duplicate()), FETCH_VERSION);
        assertEquals(1, response.responses().size(), () -> "topics in " + response);
        FetchResponseData.FetchableTopicResponse topicResponse = response.responses().get(0);
        assertEquals(topic, topicResponse.topic());
        assertEquals(1, topicResponse.partitions().size(), () -> "partitions in " + response);
        return topicResponse.partitions().get(0);
    }

    private static List<String> values(FetchResponseData.PartitionData partition) {
        List<String> values = new ArrayList<>();
        if (partition.records() instanceof MemoryRecords records) {
            for (Record record : records.records()) {
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
            }
        }
        return values;
    }

    private static void assertApiVersionsAndMetadata(List<Answer> answers, int[] ids, String topic) {
        Map<Integer, int[]> versions = KafkaWire.parseApiVersionsV0(prefixed(ids[1], answers.get(1).body()), ids[1]);
        assertTrue(versions.containsKey(1) && versions.containsKey(3), "ApiVersions lists Fetch and Metadata: " + versions.keySet());
        MetadataResponseData metadata = new MetadataResponseData(new ByteBufferAccessor(answers.get(2).body().duplicate()), METADATA_VERSION);
        assertEquals(1, metadata.topics().size(), () -> "topics in " + metadata);
        assertEquals(topic, metadata.topics().iterator().next().name());
        assertEquals(0, metadata.topics().iterator().next().errorCode(), () -> "Metadata error code in " + metadata);
    }

    /** The body behind its correlation id again, for {@link KafkaWire#parseApiVersionsV0}, which reads it first. */
    private static ByteBuffer prefixed(int correlationId, ByteBuffer body) {
        ByteBuffer whole = ByteBuffer.allocate(4 + body.remaining());
        whole.putInt(correlationId).put(body.duplicate()).flip();
        return whole;
    }
}
