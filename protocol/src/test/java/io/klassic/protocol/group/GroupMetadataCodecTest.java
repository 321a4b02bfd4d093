package io.klassic.protocol.group;

import io.klassic.protocol.group.GroupMetadataCodec.OffsetCommitValue;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link GroupMetadataCodec} against Apache Kafka's own record classes for {@code __consumer_offsets} (kafka-group-coordinator 3.9). */
class GroupMetadataCodecTest {
    private static final byte[] SUBSCRIPTION = {0, 1, 0, 0, 0, 1, 0, 1, 't', -1, -1, -1, -1};
    private static final byte[] ASSIGNMENT = {0, 1, 2, 3};

    @Test
    void offsetCommitKeyIsKafkasVersion1() {
        byte[] ours = GroupMetadataCodec.offsetCommitKey("my-group", "orders", 7);
        OffsetCommitKey kafka = new OffsetCommitKey().setGroup("my-group").setTopic("orders").setPartition(7);
        assertArrayEquals(MessageUtil.toVersionPrefixedBytes((short) 1, kafka), ours);
        ByteBuffer buffer = ByteBuffer.wrap(ours);
        short version = buffer.getShort();
        assertEquals(1, version);
        assertEquals(kafka, new OffsetCommitKey(new ByteBufferAccessor(buffer), version));
    }

    @Test
    void offsetCommitKeyOfVersion0IsRead() {
        OffsetCommitKey kafka = new OffsetCommitKey().setGroup("g").setTopic("t").setPartition(3);
        GroupMetadataCodec.Key key = GroupMetadataCodec.readKey(ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes((short) 0, kafka)));
        assertEquals(new GroupMetadataCodec.OffsetKey("g", "t", 3), key);
    }

    @Test
    void groupMetadataKeyIsKafkasVersion2() {
        byte[] ours = GroupMetadataCodec.groupMetadataKey("my-group");
        assertArrayEquals(MessageUtil.toVersionPrefixedBytes((short) 2, new GroupMetadataKey().setGroup("my-group")), ours);
        assertEquals(new GroupMetadataCodec.GroupKey("my-group"), GroupMetadataCodec.readKey(ByteBuffer.wrap(ours)));
    }

    @Test
    void unknownKeyVersionIsRejectedWithItsVersion() {
        ByteBuffer key = ByteBuffer.allocate(4).putShort((short) 3).putShort((short) 0).flip();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupMetadataCodec.readKey(key));
        assertEquals("Unknown __consumer_offsets key version 3.", e.getMessage());
    }

    @Test
    void offsetCommitValueIsKafkasVersion3() {
        OffsetCommitValue offset = new OffsetCommitValue(42L, 5, "meta", 1_700_000_000_000L, OffsetCommitValue.NO_EXPIRE_TIMESTAMP);
        byte[] ours = GroupMetadataCodec.offsetCommitValue(offset);
        org.apache.kafka.coordinator.group.generated.OffsetCommitValue kafka =
                new org.apache.kafka.coordinator.group.generated.OffsetCommitValue().setOffset(42L).setLeaderEpoch(5).setMetadata("meta").setCommitTimestamp(1_700_000_000_000L);
        assertArrayEquals(MessageUtil.toVersionPrefixedBytes((short) 3, kafka), ours);
        assertEquals(offset, GroupMetadataCodec.readOffsetCommitValue(ByteBuffer.wrap(ours)));
    }

    @Test
    void offsetCommitValueWithExpireTimestampIsKafkasVersion1() {
        OffsetCommitValue offset = new OffsetCommitValue(42L, OffsetCommitValue.NO_LEADER_EPOCH, "", 1000L, 9000L);
        byte[] ours = GroupMetadataCodec.offsetCommitValue(offset);
        org.apache.kafka.coordinator.group.generated.OffsetCommitValue kafka =
                new org.apache.kafka.coordinator.group.generated.OffsetCommitValue().setOffset(42L).setMetadata("").setCommitTimestamp(1000L).setExpireTimestamp(9000L);
        assertArrayEquals(MessageUtil.toVersionPrefixedBytes((short) 1, kafka), ours);
        assertEquals(offset, GroupMetadataCodec.readOffsetCommitValue(ByteBuffer.wrap(ours)));
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void offsetCommitValuesOfEveryVersionAreRead(short version) {
        org.apache.kafka.coordinator.group.generated.OffsetCommitValue kafka =
                new org.apache.kafka.coordinator.group.generated.OffsetCommitValue().setOffset(7L).setMetadata("m").setCommitTimestamp(123L);
        if (version >= 3) {
            kafka.setLeaderEpoch(9);
        }
        if (version == 1) {
            kafka.setExpireTimestamp(456L);
        }
        OffsetCommitValue read = GroupMetadataCodec.readOffsetCommitValue(ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes(version, kafka)));
        assertEquals(new OffsetCommitValue(7L, version >= 3 ? 9 : -1, "m", 123L, version == 1 ? 456L : -1L), read);
    }

    @Test
    void tombstonesDecodeToNull() {
        assertNull(GroupMetadataCodec.readOffsetCommitValue(null));
        assertNull(GroupMetadataCodec.readGroupMetadataValue(null));
    }

    @Test
    void groupMetadataValueIsKafkasVersion3() {
        GroupMetadataCodec.StoredGroup group = new GroupMetadataCodec.StoredGroup("consumer", 4, "range", "m-1", 1_700_000_000_000L, List.of(
                new GroupMetadataCodec.StoredMember("m-1", null, "client-1", "/127.0.0.1", 300_000, 45_000, SUBSCRIPTION, ASSIGNMENT),
                new GroupMetadataCodec.StoredMember("m-2", "instance-2", "client-2", "/127.0.0.2", 60_000, 10_000, SUBSCRIPTION, new byte[0])));
        byte[] ours = GroupMetadataCodec.groupMetadataValue(group);
        GroupMetadataValue kafka = new GroupMetadataValue().setProtocolType("consumer").setGeneration(4).setProtocol("range").setLeader("m-1")
                .setCurrentStateTimestamp(1_700_000_000_000L).setMembers(List.of(
                        new GroupMetadataValue.MemberMetadata().setMemberId("m-1").setGroupInstanceId(null).setClientId("client-1")
                                .setClientHost("/127.0.0.1").setRebalanceTimeout(300_000).setSessionTimeout(45_000)
                                .setSubscription(SUBSCRIPTION).setAssignment(ASSIGNMENT),
                        new GroupMetadataValue.MemberMetadata().setMemberId("m-2").setGroupInstanceId("instance-2").setClientId("client-2")
                                .setClientHost("/127.0.0.2").setRebalanceTimeout(60_000).setSessionTimeout(10_000)
                                .setSubscription(SUBSCRIPTION).setAssignment(new byte[0])));
        assertArrayEquals(MessageUtil.toVersionPrefixedBytes((short) 3, kafka), ours);
        assertStoredGroupEquals(group, GroupMetadataCodec.readGroupMetadataValue(ByteBuffer.wrap(ours)));
    }

    @Test
    void emptyGroupMetadataValueHasNullProtocolAndLeader() {
        GroupMetadataCodec.StoredGroup group = new GroupMetadataCodec.StoredGroup("consumer", 9, null, null, 55L, List.of());
        byte[] ours = GroupMetadataCodec.groupMetadataValue(group);
        GroupMetadataValue kafka = new GroupMetadataValue().setProtocolType("consumer").setGeneration(9).setProtocol(null).setLeader(null)
                .setCurrentStateTimestamp(55L).setMembers(List.of());
        assertArrayEquals(MessageUtil.toVersionPrefixedBytes((short) 3, kafka), ours);
        assertStoredGroupEquals(group, GroupMetadataCodec.readGroupMetadataValue(ByteBuffer.wrap(ours)));
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void groupMetadataValuesOfEveryVersionAreRead(short version) {
        GroupMetadataValue kafka = new GroupMetadataValue().setProtocolType("consumer").setGeneration(2).setProtocol("range").setLeader("m")
                .setCurrentStateTimestamp(version >= 2 ? 77L : -1L).setMembers(List.of(new GroupMetadataValue.MemberMetadata().setMemberId("m")
                        .setGroupInstanceId(version >= 3 ? "i" : null).setClientId("c").setClientHost("/h")
                        .setRebalanceTimeout(version >= 1 ? 30_000 : -1).setSessionTimeout(10_000).setSubscription(SUBSCRIPTION).setAssignment(ASSIGNMENT)));
        GroupMetadataCodec.StoredGroup read = GroupMetadataCodec.readGroupMetadataValue(ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes(version, kafka)));
        assertEquals("consumer", read.protocolType());
        assertEquals(2, read.generation());
        assertEquals("range", read.protocol());
        assertEquals("m", read.leader());
        assertEquals(version >= 2 ? 77L : -1L, read.currentStateTimestamp());
        GroupMetadataCodec.StoredMember member = read.members().get(0);
        assertEquals(version >= 3 ? "i" : null, member.groupInstanceId());
        // Before v1 there was no rebalance timeout: the session timeout stands in for it, as in Kafka.
        assertEquals(version >= 1 ? 30_000 : 10_000, member.rebalanceTimeoutMs());
        assertArrayEquals(SUBSCRIPTION, member.subscription());
        assertArrayEquals(ASSIGNMENT, member.assignment());
    }

    @Test
    void keysDecodeToTheirKind() {
        assertInstanceOf(GroupMetadataCodec.OffsetKey.class,
                GroupMetadataCodec.readKey(ByteBuffer.wrap(GroupMetadataCodec.offsetCommitKey("g", "t", 0))));
        assertInstanceOf(GroupMetadataCodec.GroupKey.class, GroupMetadataCodec.readKey(ByteBuffer.wrap(GroupMetadataCodec.groupMetadataKey("g"))));
    }

    @Test
    void truncatedValueIsRejected() {
        byte[] value = GroupMetadataCodec.offsetCommitValue(new OffsetCommitValue(1L, -1, "x", 2L, -1L));
        ByteBuffer truncated = ByteBuffer.wrap(value, 0, value.length - 3);
        assertThrows(IllegalArgumentException.class, () -> GroupMetadataCodec.readOffsetCommitValue(truncated));
    }

    private static void assertStoredGroupEquals(GroupMetadataCodec.StoredGroup expected, GroupMetadataCodec.StoredGroup actual) {
        assertEquals(expected.protocolType(), actual.protocolType());
        assertEquals(expected.generation(), actual.generation());
        assertEquals(expected.protocol(), actual.protocol());
        assertEquals(expected.leader(), actual.leader());
        assertEquals(expected.currentStateTimestamp(), actual.currentStateTimestamp());
        assertEquals(expected.members().size(), actual.members().size());
        for (int i = 0; i < expected.members().size(); i++) {
            GroupMetadataCodec.StoredMember e = expected.members().get(i);
            GroupMetadataCodec.StoredMember a = actual.members().get(i);
            assertEquals(e.memberId(), a.memberId());
            assertEquals(e.groupInstanceId(), a.groupInstanceId());
            assertEquals(e.clientId(), a.clientId());
            assertEquals(e.clientHost(), a.clientHost());
            assertEquals(e.rebalanceTimeoutMs(), a.rebalanceTimeoutMs());
            assertEquals(e.sessionTimeoutMs(), a.sessionTimeoutMs());
            assertArrayEquals(e.subscription(), a.subscription());
            assertArrayEquals(e.assignment(), a.assignment());
        }
    }
}
