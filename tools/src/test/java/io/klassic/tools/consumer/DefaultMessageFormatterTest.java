package io.klassic.tools.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefaultMessageFormatterTest {

    private static byte[] b(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, TimestampType type) {
        RecordHeaders headers = new RecordHeaders();
        return new ConsumerRecord<>("t", 2, 7L, 1700000000000L, type, -1, -1, b(key), b(value), headers,
                Optional.empty());
    }

    private static String format(ConsumerRecord<byte[], byte[]> record, String... props) {
        Map<String, Object> configs = new HashMap<>();
        for (int i = 0; i < props.length; i += 2) {
            configs.put(props[i], props[i + 1]);
        }
        DefaultMessageFormatter formatter = new DefaultMessageFormatter();
        formatter.configure(configs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        formatter.writeTo(record, new PrintStream(out, true, StandardCharsets.UTF_8));
        formatter.close();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheValueAloneByDefault() {
        assertEquals("v1\n", format(record("k1", "v1", TimestampType.CREATE_TIME)));
        assertEquals("null\n", format(record("k1", null, TimestampType.CREATE_TIME)));
    }

    @Test
    void printsTheSelectedFieldsInKafkasOrder() {
        assertEquals("CreateTime:1700000000000 | Partition:2 | Offset:7 | k1 | v1\n",
                format(record("k1", "v1", TimestampType.CREATE_TIME), "print.key", "true", "print.timestamp", "true",
                        "print.partition", "true", "print.offset", "true", "key.separator", " | "));
        assertEquals("LogAppendTime:1700000000000\tnull\tv\n", format(record(null, "v", TimestampType.LOG_APPEND_TIME),
                "print.timestamp", "true", "print.key", "TRUE"));
        assertEquals("NO_TIMESTAMP\tv\n", format(record(null, "v", TimestampType.NO_TIMESTAMP_TYPE),
                "print.timestamp", " true "));
        assertEquals("NO_HEADERS\tk\n", format(record("k", "v", TimestampType.CREATE_TIME),
                "print.headers", "true", "print.key", "true", "print.value", "false"));
        assertEquals("Offset:7;k|", format(record("k", "v", TimestampType.CREATE_TIME),
                "print.offset", "true", "print.key", "true", "print.value", "false", "key.separator", ";",
                "line.separator", "|"));
        assertEquals("v\n", format(record("k", "v", TimestampType.CREATE_TIME), "print.key", "false"));
    }

    @Test
    void printsHeadersAndTheNullLiteral() {
        ConsumerRecord<byte[], byte[]> r = record(null, null, TimestampType.CREATE_TIME);
        r.headers().add(new RecordHeader("h1", b("v1")));
        r.headers().add(new RecordHeader("h2", null));
        assertEquals("h1:v1,h2:NULL\tNULL\tNULL\n", format(r, "print.headers", "true", "print.key", "true",
                "null.literal", "NULL"));
        assertEquals("h1:v1;h2:null\tnull\n", format(r, "print.headers", "true", "headers.separator", ";"));
    }

    @Test
    void usesTheConfiguredDeserializers() {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("t", 0, 0L, new IntegerSerializer().serialize("t", 7),
                new IntegerSerializer().serialize("t", 42));
        assertEquals("7\t42\n", format(r, "print.key", "true",
                "key.deserializer", "org.apache.kafka.common.serialization.IntegerDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.IntegerDeserializer"));
    }
}
