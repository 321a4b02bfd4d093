package io.klassic.protocol.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys and values of the records in {@code __consumer_offsets}, in Apache Kafka's formats, so that Kafka's
 * own tools ({@code kafka-dump-log.sh --offsets-decoder}) read our files and we read theirs. Every key and value
 * starts with an int16 version. Strings are int16 length + UTF-8 (length -1 = null where nullable), bytes are
 * int32 length + bytes; version 4 values are "flexible": strings and arrays use an unsigned-varint length + 1
 * and every struct ends with tagged fields, which are skipped.
 *
 * <pre>
 * offset commit key, v0 and v1 (written: v1)
 *   int16 version | string group | string topic | int32 partition
 * group metadata key, v2
 *   int16 version=2 | string group
 * offset commit value (written: v3, or v1 when the commit carries an expire timestamp)
 *   int16 version | int64 offset | [v3+] int32 leader epoch | string metadata | int64 commit timestamp
 *   | [v1 only] int64 expire timestamp
 * group metadata value (written: v3)
 *   int16 version | string protocol type | int32 generation | nullable string protocol
 *   | nullable string leader | [v2+] int64 current state timestamp | int32 member count, then per member:
 *     string member id | [v3+] nullable string group instance id | string client id | string client host
 *     | [v1+] int32 rebalance timeout | int32 session timeout | bytes subscription | bytes assignment
 * </pre>
 *
 * A null value (a tombstone) deletes the key's offset or group. The readers keep what a value's version holds
 * and fill in defaults for the rest ({@link #version} tells which version a key or value has). Used by the group
 * coordinator (broker-core) and by {@code kafka-dump-log.sh --offsets-decoder} (tools). Stateless and thread-safe.
 */
public final class GroupMetadataCodec {
    public static final short OFFSET_COMMIT_KEY_VERSION = 1;
    public static final short GROUP_METADATA_KEY_VERSION = 2;
    public static final short OFFSET_COMMIT_VALUE_VERSION = 3;
    public static final short OFFSET_COMMIT_VALUE_VERSION_WITH_EXPIRE = 1;
    public static final short GROUP_METADATA_VALUE_VERSION = 3;

    /** A decoded key: an {@link OffsetKey} or a {@link GroupKey}. */
    public sealed interface Key permits OffsetKey, GroupKey {
        String group();
    }

    /** The key of a committed offset. */
    public record OffsetKey(String group, String topic, int partition) implements Key {
    }

    /** The key of a group's metadata. */
    public record GroupKey(String group) implements Key {
    }

    /**
     * An offset commit value: the offset, the leader epoch of the record it points after ({@link #NO_LEADER_EPOCH}
     * when unknown; versions 3 and later), the client's metadata string, the commit time and, in version 1 only, the
     * expire time ({@link #NO_EXPIRE_TIMESTAMP} otherwise).
     */
    public record OffsetCommitValue(long offset, int leaderEpoch, String metadata, long commitTimestamp,
                                    long expireTimestamp) {
        public static final int NO_LEADER_EPOCH = -1;
        public static final long NO_EXPIRE_TIMESTAMP = -1L;

        public boolean hasExpireTimestamp() {
            return expireTimestamp != NO_EXPIRE_TIMESTAMP;
        }
    }

    /** A member as stored in a group metadata value. */
    public record StoredMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                               int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }

    /** A group metadata value: what is needed to rebuild a group after a restart or a coordinator move. */
    public record StoredGroup(String protocolType, int generation, String protocol, String leader,
                              long currentStateTimestamp, List<StoredMember> members) {
    }

    private GroupMetadataCodec() {
    }

    /**
     * The int16 version a key or value starts with (a key's version is its record type), without moving the buffer.
     *
     * @throws IllegalArgumentException when fewer than 2 bytes remain
     */
    public static short version(ByteBuffer buffer) {
        if (buffer.remaining() < 2) {
            throw new IllegalArgumentException("A __consumer_offsets key or value of " + buffer.remaining()
                + " bytes has no version.");
        }
        return buffer.getShort(buffer.position());
    }

    public static byte[] offsetCommitKey(String group, String topic, int partition) {
        Writer w = new Writer();
        w.int16(OFFSET_COMMIT_KEY_VERSION);
        w.string(group);
        w.string(topic);
        w.int32(partition);
        return w.toArray();
    }

    public static byte[] groupMetadataKey(String group) {
        Writer w = new Writer();
        w.int16(GROUP_METADATA_KEY_VERSION);
        w.string(group);
        return w.toArray();
    }

    /** Version 3, or version 1 when the offset has an expire timestamp (as Kafka writes it). */
    public static byte[] offsetCommitValue(OffsetCommitValue offset) {
        Writer w = new Writer();
        if (offset.hasExpireTimestamp()) {
            w.int16(OFFSET_COMMIT_VALUE_VERSION_WITH_EXPIRE);
            w.int64(offset.offset());
            w.string(offset.metadata());
            w.int64(offset.commitTimestamp());
            w.int64(offset.expireTimestamp());
        } else {
            w.int16(OFFSET_COMMIT_VALUE_VERSION);
            w.int64(offset.offset());
            w.int32(offset.leaderEpoch());
            w.string(offset.metadata());
            w.int64(offset.commitTimestamp());
        }
        return w.toArray();
    }

    public static byte[] groupMetadataValue(StoredGroup group) {
        Writer w = new Writer();
        w.int16(GROUP_METADATA_VALUE_VERSION);
        w.string(group.protocolType() == null ? "" : group.protocolType());
        w.int32(group.generation());
        w.nullableString(group.protocol());
        w.nullableString(group.leader());
        w.int64(group.currentStateTimestamp());
        w.int32(group.members().size());
        for (StoredMember m : group.members()) {
            w.string(m.memberId());
            w.nullableString(m.groupInstanceId());
            w.string(m.clientId());
            w.string(m.clientHost());
            w.int32(m.rebalanceTimeoutMs());
            w.int32(m.sessionTimeoutMs());
            w.bytes(m.subscription());
            w.bytes(m.assignment());
        }
        return w.toArray();
    }

    /**
     * Decodes a key.
     *
     * @throws IllegalArgumentException for a key version this broker does not know (e.g. the records of
     *                                  Kafka's newer consumer group protocol) or a truncated key
     */
    public static Key readKey(ByteBuffer buffer) {
        try {
            Reader r = new Reader(buffer, false);
            short version = r.int16();
            if (version == 0 || version == 1) {
                String group = r.string();
                String topic = r.string();
                int partition = r.int32();
                return new OffsetKey(group, topic, partition);
            }
            if (version == 2) {
                return new GroupKey(r.string());
            }
            throw new IllegalArgumentException("Unknown __consumer_offsets key version " + version + ".");
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated __consumer_offsets key.", e);
        }
    }

    /** Decodes an offset commit value of version 0 to 4; null for a tombstone. */
    public static OffsetCommitValue readOffsetCommitValue(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        try {
            short version = buffer.getShort();
            if (version < 0 || version > 4) {
                throw new IllegalArgumentException("Unknown offset commit value version " + version + ".");
            }
            Reader r = new Reader(buffer, version >= 4);
            long offset = r.int64();
            int leaderEpoch = version >= 3 ? r.int32() : OffsetCommitValue.NO_LEADER_EPOCH;
            String metadata = r.string();
            long commitTimestamp = r.int64();
            long expireTimestamp = version == 1 ? r.int64() : OffsetCommitValue.NO_EXPIRE_TIMESTAMP;
            r.skipTaggedFields();
            return new OffsetCommitValue(offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated offset commit value.", e);
        }
    }

    /** Decodes a group metadata value of version 0 to 4; null for a tombstone. */
    public static StoredGroup readGroupMetadataValue(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        try {
            short version = buffer.getShort();
            if (version < 0 || version > 4) {
                throw new IllegalArgumentException("Unknown group metadata value version " + version + ".");
            }
            Reader r = new Reader(buffer, version >= 4);
            String protocolType = r.string();
            int generation = r.int32();
            String protocol = r.nullableString();
            String leader = r.nullableString();
            long stateTimestamp = version >= 2 ? r.int64() : -1L;
            int count = r.arrayLength();
            List<StoredMember> members = new ArrayList<>(Math.max(count, 0));
            for (int i = 0; i < count; i++) {
                String memberId = r.string();
                String instanceId = version >= 3 ? r.nullableString() : null;
                String clientId = r.string();
                String clientHost = r.string();
                int rebalanceTimeout = version >= 1 ? r.int32() : -1;
                int sessionTimeout = r.int32();
                byte[] subscription = r.bytes();
                byte[] assignment = r.bytes();
                r.skipTaggedFields();
                members.add(new StoredMember(memberId, instanceId, clientId, clientHost,
                        rebalanceTimeout == -1 ? sessionTimeout : rebalanceTimeout, sessionTimeout, subscription, assignment));
            }
            r.skipTaggedFields();
            return new StoredGroup(protocolType, generation, protocol, leader, stateTimestamp, members);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated group metadata value.", e);
        }
    }

    private static final class Writer {
        private ByteBuffer buf = ByteBuffer.allocate(128);

        private void ensure(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        void int16(short v) {
            ensure(2);
            buf.putShort(v);
        }

        void int32(int v) {
            ensure(4);
            buf.putInt(v);
        }

        void int64(long v) {
            ensure(8);
            buf.putLong(v);
        }

        void string(String s) {
            if (s == null) {
                throw new IllegalArgumentException("A non-nullable string field of a __consumer_offsets record is null.");
            }
            nullableString(s);
        }

        void nullableString(String s) {
            if (s == null) {
                int16((short) -1);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("String of " + bytes.length + " bytes is longer than " + Short.MAX_VALUE + ".");
            }
            int16((short) bytes.length);
            ensure(bytes.length);
            buf.put(bytes);
        }

        void bytes(byte[] b) {
            byte[] value = b == null ? new byte[0] : b;
            int32(value.length);
            ensure(value.length);
            buf.put(value);
        }

        byte[] toArray() {
            byte[] out = new byte[buf.position()];
            buf.flip();
            buf.get(out);
            return out;
        }
    }

    private static final class Reader {
        private final ByteBuffer buf;
        private final boolean flexible;

        Reader(ByteBuffer buf, boolean flexible) {
            this.buf = buf;
            this.flexible = flexible;
        }

        short int16() {
            return buf.getShort();
        }

        int int32() {
            return buf.getInt();
        }

        long int64() {
            return buf.getLong();
        }

        String string() {
            String s = nullableString();
            if (s == null) {
                throw new IllegalArgumentException("A non-nullable string field of a __consumer_offsets record is null.");
            }
            return s;
        }

        String nullableString() {
            int length = flexible ? unsignedVarint() - 1 : buf.getShort();
            if (length < 0) {
                return null;
            }
            byte[] bytes = new byte[length];
            buf.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        byte[] bytes() {
            int length = flexible ? unsignedVarint() - 1 : buf.getInt();
            if (length < 0) {
                return new byte[0];
            }
            byte[] bytes = new byte[length];
            buf.get(bytes);
            return bytes;
        }

        int arrayLength() {
            return flexible ? unsignedVarint() - 1 : buf.getInt();
        }

        void skipTaggedFields() {
            if (!flexible) {
                return;
            }
            int count = unsignedVarint();
            for (int i = 0; i < count; i++) {
                unsignedVarint();
                int size = unsignedVarint();
                buf.position(buf.position() + size);
            }
        }

        private int unsignedVarint() {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                byte b = buf.get();
                value |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("Unsigned varint longer than 5 bytes in a __consumer_offsets record.");
        }
    }
}
