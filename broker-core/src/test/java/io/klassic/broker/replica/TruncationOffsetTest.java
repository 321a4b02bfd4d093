package io.klassic.broker.replica;

import io.klassic.log.Log;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.MemoryRecordsBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** KIP-101: where a follower truncates to, given the leader's answer to OffsetForLeaderEpoch. */
class TruncationOffsetTest {
    @TempDir
    Path dir;

    private LogManager logManager;
    private Log log;

    @BeforeEach
    void setUp() {
        logManager = new LogManager(List.of(dir.toFile()), LogConfig.defaults(), System::currentTimeMillis);
        logManager.startup();
        log = logManager.getOrCreateLog("t", 0, LogConfig.defaults());
        // Epoch 1: offsets 0-4; epoch 3: offsets 5-7 (the follower was leader at epoch 3 and wrote 3 records).
        append(5, 1);
        append(3, 3);
        log.updateHighWatermark(4);
    }

    @AfterEach
    void tearDown() {
        logManager.shutdown();
    }

    private void append(int records, int epoch) {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(CompressionType.NONE);
        for (int i = 0; i < records; i++) {
            builder.append(System.currentTimeMillis(), null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        log.appendAsLeader(builder.build(), epoch);
    }

    @Test
    void theLeaderKnowsTheLatestEpochAndEndsItEarlier() {
        assertEquals(6L, ReplicaFetcherThread.truncationOffset(log, OptionalInt.of(3), 3, 6));
    }

    @Test
    void theLeaderIsAheadInTheSameEpoch() {
        assertEquals(8L, ReplicaFetcherThread.truncationOffset(log, OptionalInt.of(3), 3, 20));
    }

    @Test
    void theLeaderNeverSawTheFollowersLatestEpoch() {
        // The leader's log: epoch 1 up to offset 5, then its own epoch 2 from offset 5. It answers (1, 5) for epoch 3?
        // No: for an epoch it does not know it names its largest epoch below (2) and where that ends.
        assertEquals(5L, ReplicaFetcherThread.truncationOffset(log, OptionalInt.of(3), 2, 9),
                "the follower's own epochs up to 2 end at 5 (where its epoch 3 starts)");
        assertEquals(5L, ReplicaFetcherThread.truncationOffset(log, OptionalInt.of(3), 1, 5));
        assertEquals(3L, ReplicaFetcherThread.truncationOffset(log, OptionalInt.of(3), 1, 3));
    }

    @Test
    void withoutEpochsTheHighWatermarkIsTheOnlyAgreement() {
        assertEquals(4L, ReplicaFetcherThread.truncationOffset(log, OptionalInt.of(3), -1, -1));
        assertEquals(4L, ReplicaFetcherThread.truncationOffset(log, OptionalInt.empty(), -1, -1));
    }
}
