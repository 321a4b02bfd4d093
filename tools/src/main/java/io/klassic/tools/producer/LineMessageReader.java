package io.klassic.tools.producer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Turns the console producer's input lines (UTF-8) into records, as Apache Kafka's {@code LineMessageReader}:
 * one record per line, the whole line as value, no key, unless configured through {@code --property}:
 *
 * <pre>
 *   parse.key=true          key, then key.separator (default tab), then value:   key\tvalue
 *   parse.headers=true      headers, then headers.delimiter (default tab):        h1:v1,h2:v2\tvalue
 *                           pairs separated by headers.separator (default ","), key and value by
 *                           headers.key.separator (default ":")
 *   both                    h1:v1,h2:v2\tkey\tvalue
 *   null.marker=X           a key, value or header value equal to X becomes null (header keys may not be X)
 *   ignore.error=true       a line without the expected separator is taken whole as value, no key
 * </pre>
 *
 * A line without the expected separator otherwise fails with {@code No key separator found on line number 3:
 * 'nokey'}. When the input is a terminal, a {@code >} prompt is printed before each line.
 *
 * <p>Not thread-safe; read by the producer's main thread.
 */
public final class LineMessageReader {

    private final String topic;
    private final boolean parseKey;
    private final String keySeparator;
    private final boolean parseHeaders;
    private final String headersDelimiter;
    private final String headersSeparator;
    private final Pattern headersSeparatorPattern;
    private final String headersKeySeparator;
    private final boolean ignoreError;
    private final String nullMarker;
    private final PrintStream prompt;

    private BufferedReader reader;
    private int lineNumber;

    /**
     * @param topic  the topic of the records
     * @param props  the reader's properties ({@code --reader-config} overridden by {@code --property})
     * @param prompt where to print the {@code >} prompt, or null for none
     * @throws KafkaException for separators that would make lines ambiguous
     */
    public LineMessageReader(String topic, Properties props, PrintStream prompt) {
        this.topic = topic;
        this.prompt = prompt;
        parseKey = "true".equalsIgnoreCase(props.getProperty("parse.key", "false").trim());
        keySeparator = props.getProperty("key.separator", "\t");
        parseHeaders = "true".equalsIgnoreCase(props.getProperty("parse.headers", "false").trim());
        headersDelimiter = props.getProperty("headers.delimiter", "\t");
        headersSeparator = props.getProperty("headers.separator", ",");
        headersSeparatorPattern = Pattern.compile(Pattern.quote(headersSeparator));
        headersKeySeparator = props.getProperty("headers.key.separator", ":");
        ignoreError = "true".equalsIgnoreCase(props.getProperty("ignore.error", "false").trim());
        nullMarker = props.getProperty("null.marker");
        if (parseHeaders) {
            requireDifferent(headersDelimiter, headersSeparator, "headers.delimiter and headers.separator may not be equal");
            requireDifferent(headersDelimiter, headersKeySeparator,
                    "headers.delimiter and headers.key.separator may not be equal");
            requireDifferent(headersSeparator, headersKeySeparator,
                    "headers.separator and headers.key.separator may not be equal");
        }
        if (nullMarker != null) {
            requireDifferent(nullMarker, keySeparator, "null.marker and key.separator may not be equal");
            requireDifferent(nullMarker, headersSeparator, "null.marker and headers.separator may not be equal");
            requireDifferent(nullMarker, headersDelimiter, "null.marker and headers.delimiter may not be equal");
            requireDifferent(nullMarker, headersKeySeparator, "null.marker and headers.key.separator may not be equal");
        }
    }

    private static void requireDifferent(String a, String b, String message) {
        if (a.equals(b)) {
            throw new KafkaException(message);
        }
    }

    /** Starts reading {@code input}. */
    public void open(InputStream input) {
        reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
    }

    /**
     * The record of the next line, or null at the end of the input.
     *
     * @throws KafkaException for a line that does not have the expected separators
     */
    public ProducerRecord<byte[], byte[]> readRecord() {
        if (prompt != null) {
            prompt.print(">");
            prompt.flush();
        }
        String line;
        try {
            line = reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read standard input.", e);
        }
        if (line == null) {
            return null;
        }
        lineNumber++;
        return parseLine(line);
    }

    /** The record of one line (public for tests). */
    public ProducerRecord<byte[], byte[]> parseLine(String line) {
        int offset = 0;
        String headers = null;
        if (parseHeaders) {
            int i = line.indexOf(headersDelimiter);
            if (i < 0) {
                failOrIgnore(line, "headers delimiter");
            } else {
                headers = line.substring(0, i);
                offset = i + headersDelimiter.length();
            }
        }
        String key = null;
        if (parseKey) {
            int i = line.indexOf(keySeparator, offset);
            if (i < 0) {
                failOrIgnore(line, "key separator");
            } else {
                key = line.substring(offset, i);
                offset = i + keySeparator.length();
            }
        }
        String value = line.substring(offset);
        List<Header> recordHeaders = headers == null ? List.of() : splitHeaders(headers);
        return new ProducerRecord<>(topic, null, null, bytesOrNull(key), bytesOrNull(value), recordHeaders);
    }

    private void failOrIgnore(String line, String demarcationName) {
        if (!ignoreError) {
            throw new KafkaException("No " + demarcationName + " found on line number " + lineNumber + ": '" + line + "'");
        }
    }

    private List<Header> splitHeaders(String headers) {
        List<Header> result = new ArrayList<>();
        for (String pair : headersSeparatorPattern.split(headers, -1)) {
            int i = pair.indexOf(headersKeySeparator);
            String key;
            String value;
            if (i < 0) {
                if (!ignoreError) {
                    throw new KafkaException("No header key separator found in pair '" + pair + "' on line number "
                            + lineNumber);
                }
                key = pair;
                value = null;
            } else {
                key = pair.substring(0, i);
                value = pair.substring(i + headersKeySeparator.length());
            }
            if (key.equals(nullMarker)) {
                throw new KafkaException("Header keys should not be equal to the null marker '" + nullMarker
                        + "' as they can't be null");
            }
            result.add(new RecordHeader(key, bytesOrNull(value)));
        }
        return result;
    }

    private byte[] bytesOrNull(String s) {
        if (s == null || s.equals(nullMarker)) {
            return null;
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
