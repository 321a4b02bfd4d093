package io.klassic.tools.dumplog;

import io.klassic.protocol.record.Record;

import java.nio.ByteBuffer;

/**
 * Describes the record of a control batch as Kafka's dump tool does. A control record's key says its type, its
 * value (for the end transaction markers) the transaction coordinator's epoch, big-endian:
 *
 * <pre>
 *   key    int16 version | int16 type   (0 ABORT, 1 COMMIT, 2 LEADER_CHANGE, 3 SNAPSHOT_HEADER, 4 SNAPSHOT_FOOTER,
 *                                        5 KRAFT_VERSION, 6 KRAFT_VOTERS)
 *   value  int16 version | int32 coordinatorEpoch   (ABORT and COMMIT)
 * </pre>
 *
 * ABORT and COMMIT print {@code endTxnMarker: COMMIT coordinatorEpoch: 5}; every other type prints
 * {@code controlType: NAME(id)} (Kafka prints the KRaft ones, types 3 to 6, as JSON; a ZooKeeper-mode broker never
 * writes them). Stateless and thread-safe.
 */
final class ControlRecords {
    private static final String[] TYPE_NAMES = {"ABORT", "COMMIT", "LEADER_CHANGE", "SNAPSHOT_HEADER",
        "SNAPSHOT_FOOTER", "KRAFT_VERSION", "KRAFT_VOTERS"};
    private static final int KEY_SIZE = 4;
    private static final int END_TXN_MARKER_VALUE_SIZE = 6;

    private ControlRecords() {
    }

    /** The text appended to the record's line, starting with a space. */
    static String describe(Record record) {
        ByteBuffer key = record.key();
        if (key == null || key.remaining() < KEY_SIZE) {
            throw new DumpException("Invalid value size found for end control record key. Must have at least "
                + KEY_SIZE + " bytes, but found only " + (key == null ? 0 : key.remaining()) + " (offset "
                + record.offset() + ").");
        }
        short version = key.getShort(key.position());
        if (version < 0) {
            throw new DumpException("Invalid version found for control record: " + version
                + ". May indicate data corruption (offset " + record.offset() + ").");
        }
        short typeId = key.getShort(key.position() + 2);
        String name = typeId >= 0 && typeId < TYPE_NAMES.length ? TYPE_NAMES[typeId] : "UNKNOWN";
        if (typeId == 0 || typeId == 1) {
            return " endTxnMarker: " + name + " coordinatorEpoch: " + coordinatorEpoch(record);
        }
        return " controlType: " + name + "(" + typeId + ")";
    }

    private static int coordinatorEpoch(Record record) {
        ByteBuffer value = record.value();
        int size = value == null ? 0 : value.remaining();
        if (size < END_TXN_MARKER_VALUE_SIZE) {
            throw new DumpException("Invalid value size found for end transaction marker. Must have at least "
                + END_TXN_MARKER_VALUE_SIZE + " bytes, but found only " + size + " (offset " + record.offset() + ").");
        }
        short version = value.getShort(value.position());
        if (version < 0) {
            throw new DumpException("Invalid version found for end transaction marker: " + version
                + ". May indicate data corruption (offset " + record.offset() + ").");
        }
        return value.getInt(value.position() + 2);
    }
}
