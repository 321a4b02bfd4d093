package io.klassic.protocol.record;

/**
 * What a batch's timestamps mean, as attribute bit 3 of record batch v2 says: 0 = CreateTime (set by the
 * producer), 1 = LogAppendTime (set by the broker on append). {@link #NO_TIMESTAMP_TYPE} exists for parity with
 * Kafka (message format v0) and is never written in a v2 batch. The alternative names are the values of the topic
 * config {@code message.timestamp.type}. Immutable and thread-safe.
 */
public enum TimestampType {
    NO_TIMESTAMP_TYPE(-1, "NoTimestampType"),
    CREATE_TIME(0, "CreateTime"),
    LOG_APPEND_TIME(1, "LogAppendTime");

    private final int id;
    private final String altName;

    TimestampType(int id, String altName) {
        this.id = id;
        this.altName = altName;
    }

    public int id() {
        return id;
    }

    /** Kafka's spelling: "CreateTime", "LogAppendTime", "NoTimestampType". */
    public String altName() {
        return altName;
    }

    public static TimestampType forId(int id) {
        for (TimestampType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown timestamp type id " + id + "; expected -1, 0 or 1.");
    }

    /** Parses Kafka's spelling ("CreateTime", "LogAppendTime"), as in {@code message.timestamp.type}. */
    public static TimestampType forName(String name) {
        for (TimestampType type : values()) {
            if (type.altName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown timestamp type '" + name
            + "'; expected CreateTime or LogAppendTime.");
    }
}
