package io.klassic.tools.dumplog;

import io.klassic.protocol.record.Record;

import java.nio.BufferUnderflowException;

/**
 * Prints a record's key and value through a {@link RecordDecoder} each; a null key or value prints nothing.
 * Immutable and thread-safe.
 */
final class DecoderMessageParser implements MessageParser {
    private final RecordDecoder keyDecoder;
    private final RecordDecoder valueDecoder;

    DecoderMessageParser(RecordDecoder keyDecoder, RecordDecoder valueDecoder) {
        this.keyDecoder = keyDecoder;
        this.valueDecoder = valueDecoder;
    }

    @Override
    public Parsed parse(Record record) {
        String key = record.hasKey() ? decode(keyDecoder, record.keyBytes(), "key", record) : null;
        String payload = record.hasValue() ? decode(valueDecoder, record.valueBytes(), "value", record) : null;
        return new Parsed(key, payload);
    }

    private static String decode(RecordDecoder decoder, byte[] bytes, String what, Record record) {
        try {
            return decoder.decode(bytes);
        } catch (BufferUnderflowException e) {
            throw new DumpException("Cannot decode the " + bytes.length + "-byte " + what + " of the record at offset "
                + record.offset() + " with " + decoder.className() + ": it is too short.", e);
        }
    }
}
