package io.klassic.log;

import io.klassic.protocol.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogConfigTest {
    @Test
    void defaultsAreKafkas() {
        LogConfig d = LogConfig.defaults();
        assertEquals(1073741824, d.segmentBytes());
        assertEquals(604800000L, d.segmentMs());
        assertEquals(10485760, d.segmentIndexBytes());
        assertEquals(4096, d.indexIntervalBytes());
        assertEquals(1048588, d.maxMessageBytes());
        assertEquals(TimestampType.CREATE_TIME, d.messageTimestampType());
        assertEquals("delete", d.cleanupPolicy());
        assertEquals(604800000L, d.retentionMs());
        assertEquals(-1L, d.retentionBytes());
        assertEquals(60000L, d.fileDeleteDelayMs());
        assertEquals(Long.MAX_VALUE, d.flushMessages());
        assertEquals(Long.MAX_VALUE, d.flushMs());
        assertFalse(d.preallocate());
        assertEquals(1, d.minInSyncReplicas());
        assertFalse(d.uncleanLeaderElection());
        assertEquals(d, LogConfig.fromProps(Map.of(), d));
        assertEquals(d, LogConfig.fromProps(d.toProps(), LogConfig.defaults()), "toProps round-trips");
    }

    @Test
    void topicOverridesApplyOnTopOfDefaults() {
        LogConfig base = LogConfig.fromProps(Map.of("segment.bytes", "2048"), LogConfig.defaults());
        LogConfig c = LogConfig.fromProps(Map.of(
            "segment.ms", " 1000 ",
            "message.timestamp.type", "LogAppendTime",
            "cleanup.policy", "compact, delete",
            "retention.ms", "-1",
            "preallocate", "TRUE",
            "min.insync.replicas", "2",
            "unclean.leader.election.enable", "true",
            "compression.type", "lz4",
            "delete.retention.ms", "100"), base);
        assertEquals(2048, c.segmentBytes(), "from the defaults given");
        assertEquals(1000, c.segmentMs());
        assertEquals(TimestampType.LOG_APPEND_TIME, c.messageTimestampType());
        assertEquals("compact,delete", c.cleanupPolicy());
        assertTrue(c.compact());
        assertTrue(c.delete());
        assertEquals(-1, c.retentionMs());
        assertTrue(c.preallocate());
        assertEquals(2, c.minInSyncReplicas());
        assertTrue(c.uncleanLeaderElection());
    }

    @Test
    void badValuesAndUnknownKeysAreNamed() {
        ConfigException notANumber = assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("segment.bytes", "abc"), LogConfig.defaults()));
        assertEquals("segment.bytes", notANumber.key());
        assertEquals("abc", notANumber.value());
        assertEquals("Invalid value abc for configuration segment.bytes: Not a number of type INT.",
            notANumber.getMessage());

        ConfigException tooSmall = assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("segment.bytes", "10"), LogConfig.defaults()));
        assertTrue(tooSmall.getMessage().contains("at least 14"), tooSmall.getMessage());

        ConfigException type = assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("message.timestamp.type", "createtime"), LogConfig.defaults()));
        assertEquals("message.timestamp.type", type.key());

        ConfigException policy = assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("cleanup.policy", "compact,keep"), LogConfig.defaults()));
        assertTrue(policy.getMessage().contains("keep"), policy.getMessage());

        ConfigException bool = assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("preallocate", "yes"), LogConfig.defaults()));
        assertEquals("preallocate", bool.key());

        ConfigException unknown = assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("segment.byte", "100"), LogConfig.defaults()));
        assertEquals("segment.byte", unknown.key());
        assertTrue(unknown.getMessage().contains("Unknown topic config name: segment.byte"), unknown.getMessage());

        ConfigException compression = assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("compression.type", "brotli"), LogConfig.defaults()));
        assertEquals("compression.type", compression.key());

        assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("min.insync.replicas", "0"), LogConfig.defaults()));
        assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("retention.ms", "-2"), LogConfig.defaults()));
        assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("min.cleanable.dirty.ratio", "1.5"), LogConfig.defaults()));
    }

    @Test
    void compactionKeysHaveKafkasDefaultsAndRanges() {
        LogConfig d = LogConfig.defaults();
        assertEquals(86_400_000L, d.deleteRetentionMs());
        assertEquals(0.5, d.minCleanableDirtyRatio());
        assertEquals(0L, d.minCompactionLagMs());
        assertEquals(Long.MAX_VALUE, d.maxCompactionLagMs());
        assertEquals(0L, d.segmentJitterMs());
        LogConfig c = LogConfig.fromProps(Map.of("delete.retention.ms", "100", "min.cleanable.dirty.ratio", "0.1",
            "min.compaction.lag.ms", "5", "max.compaction.lag.ms", "50", "segment.jitter.ms", "7"), d);
        assertEquals(100, c.deleteRetentionMs());
        assertEquals(0.1, c.minCleanableDirtyRatio());
        assertEquals(5, c.minCompactionLagMs());
        assertEquals(50, c.maxCompactionLagMs());
        assertEquals(7, c.segmentJitterMs());
        assertEquals(c, LogConfig.fromProps(c.toProps(), LogConfig.defaults()));
        ConfigException conflict = assertThrows(ConfigException.class, () -> LogConfig.fromProps(
            Map.of("min.compaction.lag.ms", "10", "max.compaction.lag.ms", "5"), d));
        assertEquals("max.compaction.lag.ms", conflict.key());
        assertEquals("max.compaction.lag.ms", assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("max.compaction.lag.ms", "0"), d)).key());
        assertEquals("delete.retention.ms", assertThrows(ConfigException.class,
            () -> LogConfig.fromProps(Map.of("delete.retention.ms", "-1"), d)).key());
    }
}
