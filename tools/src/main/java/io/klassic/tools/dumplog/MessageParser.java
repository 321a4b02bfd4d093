package io.klassic.tools.dumplog;

import io.klassic.protocol.record.Record;

/**
 * Turns a record into the text {@code kafka-dump-log.sh --print-data-log} prints after {@code key:} and
 * {@code payload:}. Implementations are not thread-safe unless they say so.
 */
interface MessageParser {

    /** What to print of a record: {@code key} and {@code payload} are null when nothing is to be printed for them. */
    record Parsed(String key, String payload) {
    }

    Parsed parse(Record record);
}
