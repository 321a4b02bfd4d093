package io.klassic.it.child;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Runs in a child JVM whose classpath holds kafka-clients 3.9 (one classpath holds one version), so it uses
 * only APIs common to 3.9 and 4.x. Usage: {@code Clients3Main <bootstrap> <topic> <n>}: produces n records
 * with the default producer (idempotent, acks=all), n more with acks=1 and gzip, to partition 0 of an
 * existing topic, then reads the partition from the beginning with assign()/seekToBeginning() and checks
 * offsets, keys, values and headers. Prints {@code kafka-clients <version>} first, then {@code OK <2n>}
 * and exits 0, or prints {@code FAIL <reason>} and exits 1.
 *
 * <p>Single-threaded program.
 */
public final class Clients3Main {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private Clients3Main() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.out.println("FAIL usage: Clients3Main <bootstrap> <topic> <n>");
            System.exit(1);
        }
        System.out.println("kafka-clients " + AppInfoParser.getVersion());
        try {
            String bootstrap = args[0];
            String topic = args[1];
            int n = Integer.parseInt(args[2]);
            Properties defaults = producerProps(bootstrap);
            produce(defaults, topic, 0, n, "idempotent");
            Properties acks1Gzip = producerProps(bootstrap);
            acks1Gzip.put("acks", "1");
            acks1Gzip.put("enable.idempotence", "false");
            acks1Gzip.put("compression.type", "gzip");
            produce(acks1Gzip, topic, n, n, "acks1-gzip");
            int count = consume(bootstrap, topic, 2 * n);
            System.out.println("OK " + count);
            System.exit(0);
        } catch (Exception | AssertionError e) {
            System.out.println("FAIL " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("max.block.ms", "60000");
        props.put("delivery.timeout.ms", "60000");
        props.put("request.timeout.ms", "30000");
        return props;
    }

    private static void produce(Properties props, String topic, int first, int n, String run) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = first; i < first + n; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, "key-" + i, "value-" + i);
                record.headers().add("run", run.getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(record));
            }
            producer.flush();
            for (int i = 0; i < n; i++) {
                long offset = acks.get(i).get(60, TimeUnit.SECONDS).offset();
                if (offset != first + i) {
                    throw new AssertionError(run + ": record " + (first + i) + " acknowledged at offset " + offset);
                }
            }
        }
        System.out.println("PRODUCED " + n + " " + run);
    }

    private static int consume(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("enable.auto.commit", "false");
        props.put("request.timeout.ms", "30000");
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(record);
                }
            }
        }
        if (records.size() != expected) {
            throw new AssertionError("read " + records.size() + " of " + expected + " records");
        }
        for (int i = 0; i < expected; i++) {
            ConsumerRecord<String, String> record = records.get(i);
            String run = i < expected / 2 ? "idempotent" : "acks1-gzip";
            Header header = record.headers().lastHeader("run");
            if (record.offset() != i || !("key-" + i).equals(record.key()) || !("value-" + i).equals(record.value())
                    || header == null || !run.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                throw new AssertionError("record " + i + " read back as offset " + record.offset() + " key "
                        + record.key() + " value " + record.value() + " header " + header);
            }
        }
        return records.size();
    }
}
