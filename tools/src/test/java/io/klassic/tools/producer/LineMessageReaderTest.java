package io.klassic.tools.producer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LineMessageReaderTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static List<ProducerRecord<byte[], byte[]>> readAll(String input, Properties props) {
        LineMessageReader reader = new LineMessageReader("t", props, null);
        reader.open(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        ProducerRecord<byte[], byte[]> r;
        while ((r = reader.readRecord()) != null) {
            records.add(r);
        }
        return records;
    }

    private static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void eachLineIsAValueWithoutKey() {
        List<ProducerRecord<byte[], byte[]>> records = readAll("hello\r\n\nwörld\nlast", props());
        assertEquals(4, records.size());
        assertEquals(List.of("hello", "", "wörld", "last"), records.stream().map(r -> s(r.value())).toList());
        records.forEach(r -> {
            assertEquals("t", r.topic());
            assertNull(r.key());
            assertNull(r.partition());
            assertNull(r.timestamp());
            assertEquals(0, r.headers().toArray().length);
        });
    }

    @Test
    void parsesKeysAtTheFirstSeparator() {
        List<ProducerRecord<byte[], byte[]>> records = readAll("k1:v1\n:empty key\nk3:v:3\n",
                props("parse.key", "true", "key.separator", ":"));
        assertEquals(List.of("k1", "", "k3"), records.stream().map(r -> s(r.key())).toList());
        assertEquals(List.of("v1", "empty key", "v:3"), records.stream().map(r -> s(r.value())).toList());
        assertEquals("v", s(readAll("k\tv", props("parse.key", "TRUE")).get(0).value()));
    }

    @Test
    void aLineWithoutSeparatorFailsWithItsNumberUnlessIgnored() {
        KafkaException e = assertThrows(KafkaException.class,
                () -> readAll("k1:v1\nk2:v2\nnokey\n", props("parse.key", "true", "key.separator", ":")));
        assertEquals("No key separator found on line number 3: 'nokey'", e.getMessage());
        ProducerRecord<byte[], byte[]> r = readAll("nokey", props("parse.key", "true", "ignore.error", "true")).get(0);
        assertNull(r.key());
        assertEquals("nokey", s(r.value()));
    }

    @Test
    void parsesHeadersThenKeyThenValue() {
        ProducerRecord<byte[], byte[]> r = readAll("h1:v1,h2:v2\tkey\tvalue",
                props("parse.headers", "true", "parse.key", "true")).get(0);
        assertEquals("key", s(r.key()));
        assertEquals("value", s(r.value()));
        Header[] headers = r.headers().toArray();
        assertEquals(2, headers.length);
        assertEquals("h1", headers[0].key());
        assertEquals("v1", s(headers[0].value()));
        assertEquals("h2", headers[1].key());
        assertEquals("v2", s(headers[1].value()));
        assertEquals("No header key separator found in pair 'h1' on line number 1",
                assertThrows(KafkaException.class, () -> readAll("h1\tv", props("parse.headers", "true"))).getMessage());
        assertEquals("No headers delimiter found on line number 1: 'v'",
                assertThrows(KafkaException.class, () -> readAll("v", props("parse.headers", "true"))).getMessage());
    }

    @Test
    void theNullMarkerMakesNulls() {
        ProducerRecord<byte[], byte[]> r = readAll("h:<NULL>\t<NULL>\t<NULL>",
                props("parse.headers", "true", "parse.key", "true", "null.marker", "<NULL>")).get(0);
        assertNull(r.key());
        assertNull(r.value());
        assertNull(r.headers().lastHeader("h").value());
        assertEquals("Header keys should not be equal to the null marker '<NULL>' as they can't be null",
                assertThrows(KafkaException.class, () -> readAll("<NULL>:v\tx",
                        props("parse.headers", "true", "null.marker", "<NULL>"))).getMessage());
    }

    @Test
    void ambiguousSeparatorsAreRefused() {
        assertEquals("null.marker and key.separator may not be equal", assertThrows(KafkaException.class,
                () -> new LineMessageReader("t", props("null.marker", "\t"), null)).getMessage());
        assertEquals("headers.delimiter and headers.separator may not be equal", assertThrows(KafkaException.class,
                () -> new LineMessageReader("t", props("parse.headers", "true", "headers.separator", "\t"), null))
                .getMessage());
    }

    @Test
    void promptsBeforeEachLineWhenAskedTo() {
        ByteArrayOutputStream prompt = new ByteArrayOutputStream();
        LineMessageReader reader = new LineMessageReader("t", props(), new PrintStream(prompt, true));
        reader.open(new ByteArrayInputStream("a\n".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("a".getBytes(StandardCharsets.UTF_8), reader.readRecord().value());
        assertNull(reader.readRecord());
        assertEquals(">>", prompt.toString());
    }
}
