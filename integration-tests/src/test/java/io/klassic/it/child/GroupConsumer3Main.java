package io.klassic.it.child;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Runs in a child JVM whose classpath holds kafka-clients 3.9 (one classpath holds one version), using only APIs
 * common to 3.9 and 4.x. Usage: {@code GroupConsumer3Main <bootstrap> <topic> <group> <n>}: subscribes to the topic
 * in the group (auto.offset.reset=earliest, no auto-commit), reads until at least n records have arrived, commits them
 * with commitSync and closes (leaving the group). Prints {@code kafka-clients <version>}, then {@code CONSUMED <count>} and
 * exits 0, or {@code FAIL <reason>} and exits 1.
 *
 * <p>Single-threaded program.
 */
public final class GroupConsumer3Main {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private GroupConsumer3Main() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.out.println("FAIL usage: GroupConsumer3Main <bootstrap> <topic> <group> <n>");
            System.exit(1);
        }
        System.out.println("kafka-clients " + AppInfoParser.getVersion());
        Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        props.put("group.id", args[2]);
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        int expected = Integer.parseInt(args[3]);
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(args[1]));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                count += records.count();
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (RuntimeException e) {
            System.out.println("FAIL " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
        if (count < expected) {
            System.out.println("FAIL consumed " + count + " of " + expected + " records");
            System.exit(1);
        }
        System.out.println("CONSUMED " + count);
        System.exit(0);
    }
}
