package io.klassic.it.child;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.klassic.it.Wait;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Runs in a child JVM whose classpath holds kafka-clients 3.9 (one classpath holds one version), so it uses only
 * APIs common to 3.9 and 4.x. Prints {@code kafka-clients <version>} first, then {@code OK ...} and exits 0, or
 * {@code FAIL <what went wrong>} with the stack trace and exits 1. Two commands:
 * <ul>
 *   <li>{@code roundtrip <bootstrap> <topic> <setup> <n> [key=value ...]}: creates the topic (one partition) with
 *   the AdminClient, produces n records with the producer settings given as key=value (those of
 *   {@code JavaClients4IT.ProducerSetup}), checks the acknowledged offsets (unless acks=0), then reads the partition
 *   with assign()/seekToBeginning() and checks every record's offset, key, value, timestamp (CreateTime) and headers,
 *   null keys, values and header values included, and that the end offset is n. Prints {@code OK <setup> <n>}.</li>
 *   <li>{@code admin <bootstrap> <topic-prefix>}: createTopics (and TOPIC_ALREADY_EXISTS the second time),
 *   describeTopics, listOffsets (earliest, latest, by timestamp) and deleteTopics. Prints {@code OK admin}.</li>
 * </ul>
 *
 * <p>Single-threaded program.
 */
public final class Clients3Main {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final long TIMEOUT_MS = 60_000;

    private Clients3Main() {
    }

    public static void main(String[] args) {
        System.out.println("kafka-clients " + AppInfoParser.getVersion());
        try {
            if (args.length >= 5 && args[0].equals("roundtrip")) {
                Map<String, String> config = new java.util.LinkedHashMap<>();
                for (String pair : Arrays.asList(args).subList(5, args.length)) {
                    int eq = pair.indexOf('=');
                    config.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                roundTrip(args[1], args[2], args[3], Integer.parseInt(args[4]), config);
                System.out.println("OK " + args[3] + " " + args[4]);
            } else if (args.length == 3 && args[0].equals("admin")) {
                admin(args[1], args[2]);
                System.out.println("OK admin");
            } else {
                System.out.println("FAIL usage: Clients3Main roundtrip <bootstrap> <topic> <setup> <n> [key=value ...]"
                        + " | admin <bootstrap> <topic-prefix>; got " + Arrays.toString(args));
                System.exit(1);
            }
            System.exit(0);
        } catch (Exception | AssertionError e) {
            System.out.println("FAIL " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void roundTrip(String bootstrap, String topic, String setup, int n, Map<String, String> config) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        long baseTimestamp = System.currentTimeMillis() - 3_600_000L;
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(record(topic, i, baseTimestamp, setup));
        }
        Properties props = producerProps(bootstrap);
        props.putAll(config);
        boolean acked = !"0".equals(config.get("acks"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : sent) {
                acks.add(producer.send(record));
            }
            producer.flush();
            for (int i = 0; i < n; i++) {
                long offset = acks.get(i).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).offset();
                if (acked) {
                    check(offset == i, setup + ": record " + i + " acknowledged at offset " + offset);
                }
            }
        }
        System.out.println("PRODUCED " + n + " " + setup + " " + config);

        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<byte[], byte[]>> read = readAll(bootstrap, partition, n);
        for (int i = 0; i < n; i++) {
            ProducerRecord<byte[], byte[]> expected = sent.get(i);
            ConsumerRecord<byte[], byte[]> actual = read.get(i);
            String at = setup + " record " + i + " (read " + actual + ")";
            check(actual.offset() == i, at + ": offset " + actual.offset());
            check(Arrays.equals(expected.key(), actual.key()), at + ": key");
            check(Arrays.equals(expected.value(), actual.value()), at + ": value");
            check(expected.timestamp() == actual.timestamp(), at + ": timestamp, expected " + expected.timestamp());
            check(actual.timestampType() == TimestampType.CREATE_TIME, at + ": timestamp type");
            Header[] expectedHeaders = expected.headers().toArray();
            Header[] actualHeaders = actual.headers().toArray();
            check(expectedHeaders.length == actualHeaders.length, at + ": " + actualHeaders.length + " headers, expected "
                    + expectedHeaders.length);
            for (int h = 0; h < expectedHeaders.length; h++) {
                check(expectedHeaders[h].key().equals(actualHeaders[h].key()), at + ": header " + h + " key");
                check(Arrays.equals(expectedHeaders[h].value(), actualHeaders[h].value()), at + ": header " + h + " value");
            }
        }
    }

    private static void admin(String bootstrap, String prefix) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            String created = prefix + "-create";
            admin.createTopics(List.of(new NewTopic(created, 3, (short) 1))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            TopicDescription description = admin.describeTopics(List.of(created)).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(created);
            check(description.name().equals(created) && !description.isInternal(), "describeTopics: " + description);
            check(description.partitions().size() == 3, "describeTopics: 3 partitions in " + description);
            for (int p = 0; p < 3; p++) {
                TopicPartitionInfo info = description.partitions().get(p);
                check(info.partition() == p && info.leader() != null && info.leader().id() == 0
                        && info.replicas().size() == 1 && info.replicas().get(0).id() == 0
                        && info.isr().size() == 1 && info.isr().get(0).id() == 0, "describeTopics: partition " + p + " is " + info);
            }
            check(admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).contains(created), "listTopics lists " + created);
            try {
                admin.createTopics(List.of(new NewTopic(created, 1, (short) 1))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                throw new AssertionError("creating " + created + " twice succeeded");
            } catch (ExecutionException e) {
                check(e.getCause() instanceof TopicExistsException, "creating " + created + " twice: " + e.getCause());
            }
            System.out.println("CREATED " + created);

            String offsets = prefix + "-offsets";
            admin.createTopics(List.of(new NewTopic(offsets, 1, (short) 1))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            TopicPartition partition = new TopicPartition(offsets, 0);
            long base = System.currentTimeMillis() - 600_000L;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(bootstrap))) {
                for (int i = 0; i < 10; i++) {
                    // One record per request, so that each lands in its own batch and the time index sees each.
                    producer.send(new ProducerRecord<>(offsets, 0, base + i * 1000L, ("k" + i).getBytes(StandardCharsets.UTF_8),
                            ("v" + i).getBytes(StandardCharsets.UTF_8))).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                }
            }
            check(listOffset(admin, partition, OffsetSpec.earliest()) == 0, "listOffsets earliest");
            check(listOffset(admin, partition, OffsetSpec.latest()) == 10, "listOffsets latest");
            check(listOffset(admin, partition, OffsetSpec.forTimestamp(base + 5000)) == 5, "listOffsets for the timestamp of record 5");
            check(listOffset(admin, partition, OffsetSpec.forTimestamp(base + 4500)) == 5, "listOffsets for a timestamp between records 4 and 5");
            check(listOffset(admin, partition, OffsetSpec.forTimestamp(base + 60_000)) == -1, "listOffsets after every record");
            System.out.println("LISTED " + offsets);

            admin.deleteTopics(List.of(created, offsets)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Wait.until(() -> {
                Set<String> names = listTopics(admin);
                return !names.contains(created) && !names.contains(offsets);
            }, DEADLINE, () -> "topics still listed after deleteTopics: " + listTopics(admin));
            System.out.println("DELETED " + created + " " + offsets);
        }
    }

    private static Set<String> listTopics(Admin admin) {
        try {
            return admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("listTopics failed: " + e, e);
        }
    }

    private static long listOffset(Admin admin, TopicPartition partition, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).offset();
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("request.timeout.ms", "30000");
        props.put("default.api.timeout.ms", "60000");
        return Admin.create(props);
    }

    private static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        props.put("max.block.ms", "60000");
        props.put("delivery.timeout.ms", "60000");
        props.put("request.timeout.ms", "30000");
        return props;
    }

    /** Reads the partition from its beginning until n records came (or the deadline passed); the end offset must be n. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, TopicPartition partition, int n) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("enable.auto.commit", "false");
        props.put("request.timeout.ms", "30000");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (records.size() < n && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).records(partition).forEach(records::add);
            }
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            check(records.size() == n && end == n, "read " + records.size() + " of " + n + " records from " + partition
                    + ", end offset " + end);
        }
        return records;
    }

    /**
     * Record i, as JavaClients4IT builds it: key "key-i" (null for every 50th), a compressible value (null for every
     * 40th), the timestamp base + i, headers h-index, h-setup and (every 10th) h-null with a null value.
     */
    private static ProducerRecord<byte[], byte[]> record(String topic, int i, long baseTimestamp, String setup) {
        byte[] key = i % 50 == 49 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
        byte[] value = i % 40 == 39 ? null
                : ("value-" + i + " " + "the quick brown fox jumps over the lazy dog ".repeat(1 + i % 7)).getBytes(StandardCharsets.UTF_8);
        List<Header> headers = new ArrayList<>();
        headers.add(new RecordHeader("h-index", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("h-setup", setup.getBytes(StandardCharsets.UTF_8)));
        if (i % 10 == 0) {
            headers.add(new RecordHeader("h-null", null));
        }
        return new ProducerRecord<>(topic, 0, baseTimestamp + i, key, value, headers);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
