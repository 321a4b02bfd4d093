package io.klassic.zk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each znode's bytes equal what Kafka writes, and Kafka's variants decode. */
class ZNodeCodecTest {

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void brokerIdZNode() {
        BrokerInfo broker = BrokerInfo.plaintext(1, "host1", 9092);
        assertEquals("/brokers/ids/1", BrokerIdZNode.path(1));
        String json = text(BrokerIdZNode.encode(broker, Map.of("PLAINTEXT", "PLAINTEXT"), 1700000000123L));
        assertEquals("{\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
                + "\"endpoints\":[\"PLAINTEXT://host1:9092\"],\"jmx_port\":-1,\"features\":{},\"host\":\"host1\","
                + "\"timestamp\":\"1700000000123\",\"port\":9092,\"version\":5,\"rack\":null}", json);
        assertEquals(broker, BrokerIdZNode.decode(1, bytes(json)));
        assertEquals(broker, BrokerIdZNode.decode(1, BrokerIdZNode.encode(broker)));
    }

    @Test
    void brokerIdZNodeDecodesKafkaVariants() {
        // as Apache Kafka 3.x writes it (Jackson's key order, no rack)
        String kafka = "{\"features\":{},\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
                + "\"endpoints\":[\"PLAINTEXT://localhost:9092\"],\"jmx_port\":-1,\"port\":9092,"
                + "\"host\":\"localhost\",\"version\":5,\"timestamp\":\"1700000000000\"}";
        BrokerInfo b = BrokerIdZNode.decode(0, bytes(kafka));
        assertEquals(new BrokerInfo(0, "localhost", 9092, List.of("PLAINTEXT://localhost:9092"), null), b);

        // version 4 with a rack and two listeners
        String v4 = "{\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\",\"SSL\":\"SSL\"},"
                + "\"endpoints\":[\"PLAINTEXT://b1:9092\",\"SSL://b1:9093\"],\"rack\":\"r1\",\"jmx_port\":-1,"
                + "\"host\":\"b1\",\"timestamp\":\"1\",\"port\":9092,\"version\":4}";
        BrokerInfo b4 = BrokerIdZNode.decode(7, bytes(v4));
        assertEquals("r1", b4.rack());
        assertEquals(new EndPoint("SSL", "b1", 9093), b4.endpoint("SSL").orElseThrow());

        // SSL only: Kafka writes host null and port -1; we take the first endpoint
        String sslOnly = "{\"listener_security_protocol_map\":{\"SSL\":\"SSL\"},\"endpoints\":[\"SSL://b2:9093\"],"
                + "\"jmx_port\":-1,\"host\":null,\"timestamp\":\"1\",\"port\":-1,\"version\":5}";
        BrokerInfo ssl = BrokerIdZNode.decode(2, bytes(sslOnly));
        assertEquals("b2", ssl.host());
        assertEquals(9093, ssl.port());

        // version 1: host and port only
        BrokerInfo v1 = BrokerIdZNode.decode(3, bytes("{\"jmx_port\":-1,\"timestamp\":\"1\",\"host\":\"h\",\"version\":1,\"port\":9092}"));
        assertEquals(List.of("PLAINTEXT://h:9092"), v1.endpoints());
    }

    @Test
    void brokerIdZNodeErrorsNameTheZnode() {
        Json.JsonException e = assertThrows(Json.JsonException.class,
                () -> BrokerIdZNode.decode(4, bytes("{\"version\":5,\"host\":\"h\",\"port\":\"x\"}")));
        assertTrue(e.getMessage().contains("\"port\"") && e.getMessage().contains("/brokers/ids/4"), e.getMessage());
        assertThrows(Json.JsonException.class, () -> BrokerIdZNode.decode(4, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> BrokerIdZNode.defaultSecurityProtocolMap(
                new BrokerInfo(1, "h", 1, List.of("INTERNAL://h:1"), null)));
    }

    @Test
    void endPointParsesIpv6() {
        EndPoint e = EndPoint.parse("PLAINTEXT://[::1]:9092");
        assertEquals(new EndPoint("PLAINTEXT", "::1", 9092), e);
        assertEquals("PLAINTEXT://[::1]:9092", e.connectionString());
        assertThrows(IllegalArgumentException.class, () -> EndPoint.parse("localhost:9092"));
        assertThrows(IllegalArgumentException.class, () -> EndPoint.parse("PLAINTEXT://h:port"));
    }

    @Test
    void clusterIdZNode() {
        assertEquals("/cluster/id", ClusterIdZNode.path());
        String json = text(ClusterIdZNode.encode("IfSgE5rmRf-hO5exQlrT7A"));
        assertEquals("{\"version\":\"1\",\"id\":\"IfSgE5rmRf-hO5exQlrT7A\"}", json);
        assertEquals("IfSgE5rmRf-hO5exQlrT7A", ClusterIdZNode.decode(bytes(json)));
    }

    @Test
    void controllerZNode() {
        assertEquals("/controller", ControllerZNode.path());
        String json = text(ControllerZNode.encode(2, 1700000000000L));
        assertEquals("{\"version\":1,\"brokerid\":2,\"timestamp\":\"1700000000000\"}", json);
        assertEquals(2, ControllerZNode.decode(bytes(json)));
        assertEquals(3, ControllerZNode.decode(bytes("{\"brokerid\":3,\"timestamp\":\"1\",\"version\":1}")));
    }

    @Test
    void controllerEpochZNode() {
        assertEquals("/controller_epoch", ControllerEpochZNode.path());
        assertArrayEquals(bytes("12"), ControllerEpochZNode.encode(12));
        assertEquals(12, ControllerEpochZNode.decode(bytes("12")));
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> ControllerEpochZNode.decode(bytes("x")));
        assertTrue(e.getMessage().contains("/controller_epoch"), e.getMessage());
    }

    @Test
    void topicZNode() {
        assertEquals("/brokers/topics/demo1", TopicZNode.path("demo1"));
        Map<Integer, List<Integer>> partitions = new LinkedHashMap<>();
        partitions.put(10, List.of(3, 1));
        partitions.put(0, List.of(1, 2));
        partitions.put(2, List.of(2, 3));
        String json = text(TopicZNode.encode(partitions));
        assertEquals("{\"version\":2,\"partitions\":{\"0\":[1,2],\"2\":[2,3],\"10\":[3,1]},"
                + "\"adding_replicas\":{},\"removing_replicas\":{}}", json);
        TopicAssignment decoded = TopicZNode.decode("demo1", bytes(json));
        assertEquals(TopicAssignment.of(partitions), decoded);
        assertEquals(List.of(0, 2, 10), List.copyOf(decoded.partitions().keySet()));
    }

    @Test
    void topicZNodeDecodesVersionsOneAndThree() {
        TopicAssignment v1 = TopicZNode.decode("t", bytes("{\"version\":1,\"partitions\":{\"1\":[0],\"0\":[1]}}"));
        assertEquals(Map.of(0, List.of(1), 1, List.of(0)), v1.partitions());
        assertEquals(Map.of(), v1.addingReplicas());
        assertNull(v1.topicId());

        String kafka3 = "{\"partitions\":{\"0\":[0,1]},\"topic_id\":\"AAAAAAAAAAAAAAAAAAAAAQ\","
                + "\"adding_replicas\":{\"0\":[1]},\"removing_replicas\":{},\"version\":3}";
        TopicAssignment v3 = TopicZNode.decode("t", bytes(kafka3));
        assertEquals("AAAAAAAAAAAAAAAAAAAAAQ", v3.topicId());
        assertEquals(Map.of(0, List.of(1)), v3.addingReplicas());
        assertEquals("{\"version\":3,\"topic_id\":\"AAAAAAAAAAAAAAAAAAAAAQ\",\"partitions\":{\"0\":[0,1]},"
                + "\"adding_replicas\":{\"0\":[1]},\"removing_replicas\":{}}", text(TopicZNode.encode(v3)));

        assertThrows(Json.JsonException.class, () -> TopicZNode.decode("t", bytes("{\"version\":9,\"partitions\":{}}")));
        Json.JsonException e = assertThrows(Json.JsonException.class,
                () -> TopicZNode.decode("t", bytes("{\"version\":2,\"partitions\":{\"a\":[1]}}")));
        assertTrue(e.getMessage().contains("\"a\""), e.getMessage());
    }

    @Test
    void topicPartitionStateZNode() {
        assertEquals("/brokers/topics/t/partitions/3/state", TopicPartitionStateZNode.path("t", 3));
        LeaderIsrAndControllerEpoch state = new LeaderIsrAndControllerEpoch(1, 4, List.of(1, 2), 7);
        String json = text(TopicPartitionStateZNode.encode(state));
        assertEquals("{\"controller_epoch\":7,\"leader\":1,\"version\":1,\"leader_epoch\":4,\"isr\":[1,2]}", json);
        assertEquals(state, TopicPartitionStateZNode.decode(bytes(json)));
        // newer Kafka adds leader_recovery_state
        assertEquals(state, TopicPartitionStateZNode.decode(bytes("{\"controller_epoch\":7,\"leader\":1,"
                + "\"version\":1,\"leader_epoch\":4,\"isr\":[1,2],\"leader_recovery_state\":0}")));
    }

    @Test
    void topicConfigZNode() {
        assertEquals("/config/topics/t", TopicConfigZNode.path("t"));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("retention.ms", "1000");
        config.put("cleanup.policy", "compact");
        String json = text(TopicConfigZNode.encode(config));
        assertEquals("{\"version\":1,\"config\":{\"cleanup.policy\":\"compact\",\"retention.ms\":\"1000\"}}", json);
        assertEquals(config, TopicConfigZNode.decode(bytes(json)));
        assertEquals("{\"version\":1,\"config\":{}}", text(TopicConfigZNode.encode(Map.of())));
    }

    @Test
    void deleteTopicsZNode() {
        assertEquals("/admin/delete_topics/t", DeleteTopicsZNode.path("t"));
        assertEquals(0, DeleteTopicsZNode.encode().length);
        assertEquals("t", DeleteTopicsZNode.decodeTopic("/admin/delete_topics/t"));
    }

    @Test
    void producerIdBlockZNode() {
        assertEquals("/latest_producer_id_block", ProducerIdBlockZNode.path());
        ProducerIdBlock block = new ProducerIdBlock(2, 1000, 1000);
        String json = text(ProducerIdBlockZNode.encode(block));
        assertEquals("{\"version\":1,\"broker\":2,\"block_start\":\"1000\",\"block_end\":\"1999\"}", json);
        assertEquals(block, ProducerIdBlockZNode.decode(bytes(json)));
        assertEquals(1999, block.lastProducerId());
    }
}
