package io.klassic.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * kafka-clients (4.x) helpers shared by the integration tests: clients with test-sized timeouts, unique
 * topic names, topic creation, and reading a partition from the beginning with {@code assign()}.
 *
 * <p>Stateless apart from the topic counter; thread-safe.
 */
public final class Clients {
    public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger TOPIC_COUNTER = new AtomicInteger();

    private Clients() {
    }

    /** A topic name unique within this JVM: {@code <prefix>-<n>-<random>}. */
    public static String uniqueTopic(String prefix) {
        return prefix + "-" + TOPIC_COUNTER.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    public static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CLIENT_TIMEOUT.toMillis()));
        return Admin.create(props);
    }

    /** Creates a topic with replication factor 1 and waits for the answer. */
    public static void createTopic(Admin admin, String topic, int partitions) {
        createTopic(admin, topic, partitions, (short) 1);
    }

    public static void createTopic(Admin admin, String topic, int partitions, short replicationFactor) {
        await(admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).all(),
                "createTopics " + topic);
    }

    /**
     * The topic's description, or null while the broker asked does not know the topic yet: on a cluster,
     * CreateTopics answers once the broker it went to has the topic's metadata, and the others learn it from
     * the controller's UpdateMetadata a moment later (as in Kafka), so they may answer UNKNOWN_TOPIC_OR_PARTITION
     * in between. For use inside {@link Wait#until}.
     */
    public static TopicDescription describeIfKnown(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(CLIENT_TIMEOUT.toMillis() + 15_000,
                    TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new AssertionError("describeTopics " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("describeTopics " + topic + " did not complete", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted during describeTopics " + topic, e);
        }
    }

    /** Producer settings: byte[] keys and values, test-sized timeouts, then {@code overrides}. */
    public static Properties producerProps(String bootstrap, Map<String, String> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(CLIENT_TIMEOUT.toMillis()));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(CLIENT_TIMEOUT.toMillis()));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        props.putAll(overrides);
        return props;
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap, Map<String, String> overrides) {
        return new KafkaProducer<>(producerProps(bootstrap, overrides));
    }

    /** A consumer without group.id, for assign() and seek(). */
    public static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return consumer(bootstrap, Map.of());
    }

    /** A consumer with the settings of {@link #consumer(String)}, then {@code overrides} (a group.id, say). */
    public static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, Map<String, String> overrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CLIENT_TIMEOUT.toMillis()));
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    /**
     * Reads {@code partition} from its beginning until {@code expected} records have arrived (or the
     * deadline passes), then checks that the partition's end offset is right after the last record read,
     * so that missing and extra records both fail.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, TopicPartition partition,
                                                              int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Wait.until(() -> {
                consumer.poll(Duration.ofMillis(500)).records(partition).forEach(records::add);
                return records.size() >= expected;
            }, timeout, () -> "read " + records.size() + " of " + expected + " records from " + partition);
            long lastOffset = records.isEmpty() ? -1 : records.get(records.size() - 1).offset();
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            if (records.size() != expected || end != lastOffset + 1) {
                throw new AssertionError("expected " + expected + " records in " + partition + ", read "
                        + records.size() + " (last offset " + lastOffset + "), end offset " + end);
            }
        }
        return records;
    }

    /** Waits for a client future, failing with {@code what} and the cause. */
    public static <T> T await(java.util.concurrent.Future<T> future, String what) {
        try {
            // Longer than the clients' own timeouts, so that their exception (the better message) comes first.
            return future.get(CLIENT_TIMEOUT.toMillis() + 15_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + (CLIENT_TIMEOUT.toSeconds() + 15) + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted during " + what, e);
        }
    }
}
