package io.klassic.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaConfigTest {
    @Test
    void theReadmesConfigurationReferenceNamesEveryKey() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        String reference = text.substring(text.indexOf("## Configuration"));
        List<String> missing = KafkaConfig.DEF.names().stream().filter(key -> !reference.contains("`" + key + "`")).toList();
        assertEquals(List.of(), missing, "keys the broker accepts that README.md's configuration section does not name");
    }

    @Test
    void defaultsAreKafkas() {
        KafkaConfig config = new KafkaConfig(Map.of("zookeeper.connect", "localhost:2181"));
        assertEquals(-1, config.brokerId());
        assertEquals(List.of("PLAINTEXT://:9092"), config.listeners());
        assertEquals(List.of("/tmp/kafka-logs"), config.logDirs());
        assertEquals(1, config.numPartitions());
        assertEquals(104857600, config.socketRequestMaxBytes());
        assertEquals(168L * 3600 * 1000, config.logRetentionMs());
        assertTrue(config.autoCreateTopicsEnable());
        assertEquals(18000, config.zkConnectionTimeoutMs());
    }

    @Test
    void malformedValueNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new KafkaConfig(Map.of("zookeeper.connect", "x:1", "num.partitions", "many")));
        assertTrue(e.getMessage().contains("num.partitions"), e.getMessage());
        assertTrue(e.getMessage().contains("many"), e.getMessage());
        ConfigException bool = assertThrows(ConfigException.class,
                () -> new KafkaConfig(Map.of("zookeeper.connect", "x:1", "auto.create.topics.enable", "yes")));
        assertTrue(bool.getMessage().contains("auto.create.topics.enable"), bool.getMessage());
    }

    @Test
    void missingZookeeperConnectIsReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> new KafkaConfig(Map.of()));
        assertTrue(e.getMessage().contains("zookeeper.connect"), e.getMessage());
    }

    @Test
    void badListenerIsReported() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new KafkaConfig(Map.of("zookeeper.connect", "x:1", "listeners", "localhost:9092")));
        assertTrue(e.getMessage().contains("listeners"), e.getMessage());
    }

    @Test
    void unknownKeysAreCollectedByName() {
        KafkaConfig config = new KafkaConfig(Map.of("zookeeper.connect", "x:1", "no.such.key", "1"));
        assertEquals(List.of("no.such.key"), config.unknownKeys());
    }

    @Test
    void overridesWinOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "broker.id=3\nzookeeper.connect=localhost:2181\nnum.partitions=2\n");
        KafkaConfig config = Kafka.parse(new String[] {file.toString(), "--override", "num.partitions=5", "--override", "log.dirs=/a,/b"});
        assertEquals(3, config.brokerId());
        assertEquals(5, config.numPartitions());
        assertEquals(List.of("/a", "/b"), config.logDirs());
        assertThrows(ConfigException.class, () -> Kafka.parse(new String[] {file.toString(), "--bogus"}));
        assertThrows(ConfigException.class, () -> Kafka.parse(new String[] {}));
    }

    @Test
    void retentionResolvesLikeKafka() {
        assertEquals(5000L, new KafkaConfig(Map.of("zookeeper.connect", "x:1", "log.retention.ms", "5000", "log.retention.hours", "1")).logRetentionMs());
        assertEquals(120_000L, new KafkaConfig(Map.of("zookeeper.connect", "x:1", "log.retention.minutes", "2")).logRetentionMs());
    }
}
