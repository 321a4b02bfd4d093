package io.klassic.tools.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.MessageFormatter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * How the console consumer prints a record, as Apache Kafka's {@code DefaultMessageFormatter}: the selected
 * fields in this order, separated by {@code key.separator} (default tab), the line ended by
 * {@code line.separator} (default newline):
 *
 * <pre>
 *   print.timestamp=true   CreateTime:1700000000000 (LogAppendTime:..., NO_TIMESTAMP)
 *   print.partition=true   Partition:2
 *   print.offset=true      Offset:0
 *   print.headers=true     h1:v1,h2:v2 (headers.separator, default ","), NO_HEADERS when there are none
 *   print.key=true         the key
 *   print.value=true       the value (the only field printed by default)
 * </pre>
 *
 * Keys, values and header values are printed as their raw bytes unless {@code key.deserializer},
 * {@code value.deserializer} or {@code headers.deserializer} name a {@link Deserializer} class (configured with
 * the properties under the {@code key.deserializer.}, ... prefixes); null ones print {@code null.literal}
 * (default {@code null}). Boolean properties are true when their value is {@code true}, in any case.
 *
 * <p>Not thread-safe; used by the consumer's main thread.
 */
public class DefaultMessageFormatter implements MessageFormatter {

    private boolean printTimestamp;
    private boolean printKey;
    private boolean printOffset;
    private boolean printPartition;
    private boolean printHeaders;
    private boolean printValue = true;
    private byte[] keySeparator = utf8("\t");
    private byte[] lineSeparator = utf8("\n");
    private byte[] headersSeparator = utf8(",");
    private byte[] nullLiteral = utf8("null");
    private Deserializer<?> keyDeserializer;
    private Deserializer<?> valueDeserializer;
    private Deserializer<?> headersDeserializer;

    @Override
    public void configure(Map<String, ?> configs) {
        printTimestamp = bool(configs, "print.timestamp", printTimestamp);
        printKey = bool(configs, "print.key", printKey);
        printOffset = bool(configs, "print.offset", printOffset);
        printPartition = bool(configs, "print.partition", printPartition);
        printHeaders = bool(configs, "print.headers", printHeaders);
        printValue = bool(configs, "print.value", printValue);
        keySeparator = bytes(configs, "key.separator", keySeparator);
        lineSeparator = bytes(configs, "line.separator", lineSeparator);
        headersSeparator = bytes(configs, "headers.separator", headersSeparator);
        nullLiteral = bytes(configs, "null.literal", nullLiteral);
        keyDeserializer = deserializer(configs, "key.deserializer", true);
        valueDeserializer = deserializer(configs, "value.deserializer", false);
        headersDeserializer = deserializer(configs, "headers.deserializer", false);
        if (headersDeserializer == null) {
            headersDeserializer = deserializer(configs, "header.deserializer", false);
        }
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean current) {
        Object v = configs.get(key);
        return v == null ? current : v.toString().trim().equalsIgnoreCase("true");
    }

    private static byte[] bytes(Map<String, ?> configs, String key, byte[] current) {
        Object v = configs.get(key);
        return v == null ? current : utf8(v.toString());
    }

    private static Deserializer<?> deserializer(Map<String, ?> configs, String key, boolean isKey) {
        Object className = configs.get(key);
        if (className == null || className.toString().isBlank()) {
            return null;
        }
        Deserializer<?> deserializer;
        try {
            Class<?> cls = Class.forName(className.toString().trim());
            deserializer = (Deserializer<?>) cls.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new KafkaException("Cannot create the " + key + " " + className + ": " + e, e);
        }
        String prefix = key + ".";
        Map<String, Object> own = new HashMap<>();
        configs.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                own.put(k.substring(prefix.length()), v);
            }
        });
        deserializer.configure(own, isKey);
        return deserializer;
    }

    @Override
    public void writeTo(ConsumerRecord<byte[], byte[]> record, PrintStream output) {
        if (printTimestamp) {
            if (record.timestampType() != TimestampType.NO_TIMESTAMP_TYPE) {
                output.writeBytes(utf8(record.timestampType() + ":" + record.timestamp()));
            } else {
                output.writeBytes(utf8("NO_TIMESTAMP"));
            }
            writeSeparator(output, printPartition || printOffset || printHeaders || printKey || printValue);
        }
        if (printPartition) {
            output.writeBytes(utf8("Partition:" + record.partition()));
            writeSeparator(output, printOffset || printHeaders || printKey || printValue);
        }
        if (printOffset) {
            output.writeBytes(utf8("Offset:" + record.offset()));
            writeSeparator(output, printHeaders || printKey || printValue);
        }
        if (printHeaders) {
            Iterator<Header> headers = record.headers().iterator();
            if (!headers.hasNext()) {
                output.writeBytes(utf8("NO_HEADERS"));
            }
            while (headers.hasNext()) {
                Header header = headers.next();
                output.writeBytes(utf8(header.key() + ":"));
                write(output, headersDeserializer, header.value(), record.topic(), record.headers());
                if (headers.hasNext()) {
                    output.writeBytes(headersSeparator);
                }
            }
            writeSeparator(output, printKey || printValue);
        }
        if (printKey) {
            write(output, keyDeserializer, record.key(), record.topic(), record.headers());
            writeSeparator(output, printValue);
        }
        if (printValue) {
            write(output, valueDeserializer, record.value(), record.topic(), record.headers());
            output.writeBytes(lineSeparator);
        }
    }

    /** The key separator when another field follows, else the line separator. */
    private void writeSeparator(PrintStream output, boolean columnSeparator) {
        output.writeBytes(columnSeparator ? keySeparator : lineSeparator);
    }

    private void write(PrintStream output, Deserializer<?> deserializer, byte[] bytes, String topic, Headers headers) {
        if (bytes == null) {
            output.writeBytes(nullLiteral);
        } else if (deserializer == null) {
            output.writeBytes(bytes);
        } else {
            output.writeBytes(utf8(String.valueOf(deserializer.deserialize(topic, headers, bytes))));
        }
    }

    @Override
    public void close() {
        for (Deserializer<?> d : new Deserializer<?>[] {keyDeserializer, valueDeserializer, headersDeserializer}) {
            if (d != null) {
                d.close();
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
