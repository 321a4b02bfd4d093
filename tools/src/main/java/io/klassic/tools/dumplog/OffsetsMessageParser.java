package io.klassic.tools.dumplog;

import io.klassic.protocol.group.GroupMetadataCodec;
import io.klassic.protocol.record.Record;
import org.apache.kafka.common.message.ConsumerProtocolAssignment;
import org.apache.kafka.common.message.ConsumerProtocolSubscription;
import org.apache.kafka.common.protocol.ByteBufferAccessor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --offsets-decoder}: prints the records of {@code __consumer_offsets} as Apache Kafka 3.9's dump tool does,
 * the key as {@code {"type":"<key version>","data":{...}}} and the value as {@code {"version":"<value version>",
 * "data":{...}}} (or {@code <DELETE>} for a tombstone), the data holding the fields that the key's or value's version
 * has, named as in Kafka's record schemas (OffsetCommitKey, GroupMetadataKey, OffsetCommitValue,
 * GroupMetadataValue); the byte formats are {@link GroupMetadataCodec}'s. For a group of protocol type
 * {@code consumer}, each member's subscription and assignment are decoded (ConsumerProtocolSubscription and
 * ConsumerProtocolAssignment, read with kafka-clients' message classes) when they can be, else printed as base64.
 *
 * <p>A key of another record type prints {@code Unknown record type N at offset O, skipping.} (Kafka 3.9 decodes
 * types 3 to 8, the records of the KIP-848 consumer group protocol, which a Klassic broker never writes); a record
 * that does not decode prints {@code Error at offset O, skipping.} and why. Stateless and thread-safe.
 */
final class OffsetsMessageParser implements MessageParser {
    private static final String CONSUMER_PROTOCOL_TYPE = "consumer";
    private static final short GROUP_METADATA_RECORD_TYPE = 2;

    @Override
    public Parsed parse(Record record) {
        if (!record.hasKey()) {
            throw new DumpException("Failed to decode message at offset " + record.offset()
                + " using offset topic decoder (message had a missing key)");
        }
        try {
            ByteBuffer key = record.key().duplicate();
            short recordType = GroupMetadataCodec.version(key);
            if (recordType < 0 || recordType > GROUP_METADATA_RECORD_TYPE) {
                return new Parsed("Unknown record type " + recordType + " at offset " + record.offset()
                    + ", skipping.", null);
            }
            String keyJson = keyJson(recordType, GroupMetadataCodec.readKey(key));
            String valueJson = record.hasValue() ? valueJson(recordType, record.value().duplicate()) : "<DELETE>";
            return new Parsed(keyJson, valueJson);
        } catch (RuntimeException e) {
            return new Parsed("Error at offset " + record.offset() + ", skipping. " + e.getMessage(), null);
        }
    }

    private static String keyJson(short recordType, GroupMetadataCodec.Key key) {
        String data = key instanceof GroupMetadataCodec.OffsetKey k
            ? JsonText.object(o -> o.stringField("group", k.group()).stringField("topic", k.topic())
                .field("partition", k.partition()))
            : JsonText.object(o -> o.stringField("group", key.group()));
        return JsonText.object(o -> o.stringField("type", Short.toString(recordType)).field("data", data));
    }

    private static String valueJson(short recordType, ByteBuffer value) {
        short version = GroupMetadataCodec.version(value);
        String data = recordType == GROUP_METADATA_RECORD_TYPE
            ? groupMetadataJson(version, GroupMetadataCodec.readGroupMetadataValue(value))
            : offsetCommitJson(version, GroupMetadataCodec.readOffsetCommitValue(value));
        return JsonText.object(o -> o.stringField("version", Short.toString(version)).field("data", data));
    }

    private static String offsetCommitJson(short version, GroupMetadataCodec.OffsetCommitValue v) {
        return JsonText.object(o -> {
            o.field("offset", v.offset());
            if (version >= 3) {
                o.field("leaderEpoch", v.leaderEpoch());
            }
            o.stringField("metadata", v.metadata()).field("commitTimestamp", v.commitTimestamp());
            if (version == 1) {
                o.field("expireTimestamp", v.expireTimestamp());
            }
        });
    }

    private static String groupMetadataJson(short version, GroupMetadataCodec.StoredGroup g) {
        boolean consumer = CONSUMER_PROTOCOL_TYPE.equals(g.protocolType());
        List<String> members = new ArrayList<>();
        for (GroupMetadataCodec.StoredMember m : g.members()) {
            members.add(JsonText.object(o -> {
                o.stringField("memberId", m.memberId());
                if (version >= 3) {
                    o.stringField("groupInstanceId", m.groupInstanceId());
                }
                o.stringField("clientId", m.clientId()).stringField("clientHost", m.clientHost());
                if (version >= 1) {
                    o.field("rebalanceTimeout", m.rebalanceTimeoutMs());
                }
                o.field("sessionTimeout", m.sessionTimeoutMs());
                o.field("subscription", consumer ? ConsumerProtocolJson.subscription(m.subscription())
                    : JsonText.bytes(m.subscription()));
                o.field("assignment", consumer ? ConsumerProtocolJson.assignment(m.assignment())
                    : JsonText.bytes(m.assignment()));
            }));
        }
        return JsonText.object(o -> {
            o.stringField("protocolType", g.protocolType()).field("generation", g.generation())
                .stringField("protocol", g.protocol()).stringField("leader", g.leader());
            if (version >= 2) {
                o.field("currentStateTimestamp", g.currentStateTimestamp());
            }
            o.field("members", JsonText.array(members));
        });
    }

    /**
     * The consumer protocol's subscription and assignment (an int16 version, then the message) as JSON, with the
     * fields their version has; bytes that do not decode stay base64, as in Kafka. Stateless and thread-safe.
     */
    static final class ConsumerProtocolJson {
        private ConsumerProtocolJson() {
        }

        static String subscription(byte[] bytes) {
            try {
                ByteBufferAccessor in = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
                short version = in.readShort();
                ConsumerProtocolSubscription s = new ConsumerProtocolSubscription(in, version);
                return JsonText.object(o -> {
                    o.field("topics", JsonText.array(s.topics().stream().map(JsonText::string).toList()));
                    o.field("userData", JsonText.bytes(array(s.userData())));
                    if (version >= 1) {
                        List<String> owned = new ArrayList<>();
                        s.ownedPartitions().forEach(tp -> owned.add(topicPartitions(tp.topic(), tp.partitions())));
                        o.field("ownedPartitions", JsonText.array(owned));
                    }
                    if (version >= 2) {
                        o.field("generationId", s.generationId());
                    }
                    if (version >= 3) {
                        o.stringField("rackId", s.rackId());
                    }
                });
            } catch (RuntimeException e) {
                return JsonText.bytes(bytes);
            }
        }

        static String assignment(byte[] bytes) {
            try {
                ByteBufferAccessor in = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
                short version = in.readShort();
                ConsumerProtocolAssignment a = new ConsumerProtocolAssignment(in, version);
                List<String> assigned = new ArrayList<>();
                a.assignedPartitions().forEach(tp -> assigned.add(topicPartitions(tp.topic(), tp.partitions())));
                return JsonText.object(o -> o.field("assignedPartitions", JsonText.array(assigned))
                    .field("userData", JsonText.bytes(array(a.userData()))));
            } catch (RuntimeException e) {
                return JsonText.bytes(bytes);
            }
        }

        private static String topicPartitions(String topic, List<Integer> partitions) {
            return JsonText.object(o -> o.stringField("topic", topic)
                .field("partitions", JsonText.array(partitions.stream().map(String::valueOf).toList())));
        }

        private static byte[] array(ByteBuffer buffer) {
            if (buffer == null) {
                return null;
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
    }
}
