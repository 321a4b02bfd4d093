package io.klassic.tools.dumplog;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The decoders {@code --key-decoder-class} and {@code --value-decoder-class} accept: Apache Kafka's
 * {@code org.apache.kafka.tools.api} decoders, by their class names, and the deprecated {@code kafka.serializer} ones,
 * which Kafka maps to the former after printing a deprecation notice on standard output. A decoder turns the bytes
 * of a key or value into the text printed:
 *
 * <ul>
 *   <li>StringDecoder: the bytes as UTF-8;</li>
 *   <li>IntegerDecoder / LongDecoder: the first 4 / 8 bytes as a big-endian int32 / int64;</li>
 *   <li>DefaultDecoder: the byte array itself, which prints as Java prints an array ({@code [B@1b6d3586}).</li>
 * </ul>
 *
 * Custom decoder classes cannot be loaded. Immutable and thread-safe.
 */
enum RecordDecoder {
    STRING("StringDecoder", bytes -> new String(bytes, StandardCharsets.UTF_8)),
    INTEGER("IntegerDecoder", bytes -> ByteBuffer.wrap(bytes).getInt()),
    LONG("LongDecoder", bytes -> ByteBuffer.wrap(bytes).getLong()),
    DEFAULT("DefaultDecoder", bytes -> bytes);

    private static final String PACKAGE = "org.apache.kafka.tools.api.";
    private static final String DEPRECATED_PACKAGE = "kafka.serializer.";

    private final String simpleName;
    private final Function<byte[], Object> decode;

    RecordDecoder(String simpleName, Function<byte[], Object> decode) {
        this.simpleName = simpleName;
        this.decode = decode;
    }

    /** Kafka's class name of the decoder. */
    String className() {
        return PACKAGE + simpleName;
    }

    /**
     * The decoder of a class name, without notices.
     *
     * @throws IllegalArgumentException for a class name that is not one of Kafka's decoders
     */
    static RecordDecoder forClassName(String className) {
        for (RecordDecoder decoder : values()) {
            if (className.equals(decoder.className()) || className.equals(DEPRECATED_PACKAGE + decoder.simpleName)) {
                return decoder;
            }
        }
        throw new IllegalArgumentException("Cannot use decoder class " + className + ": this tool cannot load custom "
            + "decoders; use one of " + Arrays.stream(values()).map(RecordDecoder::className)
            .collect(Collectors.joining(", ")) + " (or its deprecated kafka.serializer name).");
    }

    /** As {@link #forClassName(String)}; a deprecated name prints Kafka's deprecation notice on {@code out}. */
    static RecordDecoder forClassName(String className, PrintStream out) {
        RecordDecoder decoder = forClassName(className);
        if (className.startsWith(DEPRECATED_PACKAGE)) {
            out.println(className + " is deprecated. Please use " + decoder.className() + " instead");
        }
        return decoder;
    }

    /**
     * The text of {@code bytes}.
     *
     * @throws java.nio.BufferUnderflowException when an integer or long decoder gets too few bytes
     */
    String decode(byte[] bytes) {
        return String.valueOf(decode.apply(bytes));
    }
}
