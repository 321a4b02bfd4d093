package io.klassic.it;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks one broker, on its own port, what its metadata cache says: a hand-built Metadata v1 request over a raw socket,
 * so that the answer comes from that broker and no other (kafka-clients' Admin may ask any node). Wire format of the
 * v1 response: {@code brokers [node_id int32, host string, port int32, rack nullable_string], controller_id int32,
 * topics [error_code int16, name string, is_internal int8, partitions [error_code int16, partition_index int32,
 * leader_id int32, replica_nodes [int32], isr_nodes [int32]]]}.
 *
 * <p>Stateless; thread-safe.
 */
public final class MetadataV1 {
    private static final int METADATA = 3;
    private static final AtomicInteger CORRELATION = new AtomicInteger(1);

    private MetadataV1() {
    }

    /** One partition as a broker's metadata cache has it. */
    public record PartitionInfo(int error, int leader, List<Integer> replicas, List<Integer> isr) {
        public Set<Integer> isrSet() {
            return new TreeSet<>(isr);
        }
    }

    /** A broker's whole answer: live brokers, the controller it knows, and the partitions of the topics asked for. */
    public record Answer(Set<Integer> brokers, int controllerId, Map<String, Integer> topicErrors,
                         Map<String, Map<Integer, PartitionInfo>> topics) {
        /** The partition, or null when the broker does not know it. */
        public PartitionInfo partition(String topic, int partition) {
            Map<Integer, PartitionInfo> partitions = topics.get(topic);
            return partitions == null ? null : partitions.get(partition);
        }
    }

    /** Metadata v1 for {@code topics} (all topics when null) from the broker listening on {@code port}. */
    public static Answer ask(int port, Collection<String> topics) {
        int correlationId = CORRELATION.incrementAndGet();
        KafkaWire request = KafkaWire.bytes().headerV1(METADATA, 1, correlationId, "klassic-it-metadata-v1");
        if (topics == null) {
            request.int32(-1);
        } else {
            request.int32(topics.size());
            topics.forEach(request::string);
        }
        try (Socket socket = KafkaWire.connect(port, Duration.ofSeconds(20))) {
            return parse(KafkaWire.exchange(socket, request.frame()), correlationId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Metadata v1 to port " + port + " failed: " + e, e);
        }
    }

    static Answer parse(ByteBuffer response, int correlationId) {
        int correlation = response.getInt();
        if (correlation != correlationId) {
            throw new AssertionError("Metadata answered with correlation id " + correlation + ", sent " + correlationId);
        }
        Set<Integer> brokers = new TreeSet<>();
        for (int i = response.getInt(); i > 0; i--) {
            brokers.add(response.getInt());
            string(response);
            response.getInt();
            string(response);
        }
        int controllerId = response.getInt();
        Map<String, Integer> topicErrors = new LinkedHashMap<>();
        Map<String, Map<Integer, PartitionInfo>> topics = new LinkedHashMap<>();
        for (int t = response.getInt(); t > 0; t--) {
            short topicError = response.getShort();
            String name = string(response);
            response.get(); // is_internal
            topicErrors.put(name, (int) topicError);
            Map<Integer, PartitionInfo> partitions = new TreeMap<>();
            for (int p = response.getInt(); p > 0; p--) {
                short error = response.getShort();
                int index = response.getInt();
                int leader = response.getInt();
                List<Integer> replicas = int32s(response);
                List<Integer> isr = int32s(response);
                partitions.put(index, new PartitionInfo(error, leader, replicas, isr));
            }
            topics.put(name, partitions);
        }
        return new Answer(brokers, controllerId, topicErrors, topics);
    }

    private static List<Integer> int32s(ByteBuffer buffer) {
        int count = buffer.getInt();
        List<Integer> values = new ArrayList<>(Math.max(count, 0));
        for (int i = 0; i < count; i++) {
            values.add(buffer.getInt());
        }
        return values;
    }

    private static String string(ByteBuffer buffer) {
        short length = buffer.getShort();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
