package io.klassic.log;

import io.klassic.protocol.Errors;
import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.RecordBatches;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.klassic.log.ProducerStateManager.Verdict.APPEND;
import static io.klassic.log.ProducerStateManager.Verdict.DUPLICATE;
import static io.klassic.log.ProducerStateManager.Verdict.INVALID_PRODUCER_EPOCH;
import static io.klassic.log.ProducerStateManager.Verdict.OUT_OF_ORDER_SEQUENCE_NUMBER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProducerStateManagerTest {
    private final ProducerStateManager psm = new ProducerStateManager(new TopicPartition("t", 0));

    @Test
    void unknownProducersMayStartAnywhereAndSequencesMustFollow() {
        assertEquals(APPEND, psm.check(7, (short) 0, 42, 44).verdict(), "no state: any sequence");
        psm.update(7, (short) 0, 0, 4, 100, 104, 1000);
        assertEquals(APPEND, psm.check(7, (short) 0, 5, 9).verdict());
        ProducerStateManager.ProducerCheck gap = psm.check(7, (short) 0, 6, 9);
        assertEquals(OUT_OF_ORDER_SEQUENCE_NUMBER, gap.verdict());
        assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.error());
        assertEquals(true, gap.message().contains("6 (incoming seq. number), 4"), gap.message());
        assertEquals(OUT_OF_ORDER_SEQUENCE_NUMBER, psm.check(7, (short) 0, 3, 3).verdict(), "an older sequence");
    }

    @Test
    void duplicatesOfTheLastFiveBatchesGetTheirOriginalOffsets() {
        for (int i = 0; i < 6; i++) {
            psm.update(7, (short) 1, i * 10, i * 10 + 9, 1000 + i * 10, 1009 + i * 10, 5000 + i);
        }
        assertEquals(5, psm.lastEntry(7).batches().size());
        ProducerStateManager.ProducerCheck dup = psm.check(7, (short) 1, 20, 29);
        assertEquals(DUPLICATE, dup.verdict());
        assertEquals(new ProducerStateEntry.BatchMetadata(20, 29, 1020, 1029, 5002), dup.duplicate());
        assertEquals(Errors.NONE, dup.error());
        assertEquals(OUT_OF_ORDER_SEQUENCE_NUMBER, psm.check(7, (short) 1, 0, 9).verdict(),
            "the sixth-last batch is forgotten");
        assertEquals(APPEND, psm.check(7, (short) 1, 60, 69).verdict(), "the next batch");
    }

    @Test
    void epochsFenceOldProducersAndNewEpochsStartAtZero() {
        psm.update(7, (short) 3, 0, 0, 10, 10, 1);
        assertEquals(INVALID_PRODUCER_EPOCH, psm.check(7, (short) 2, 1, 1).verdict());
        assertEquals(Errors.INVALID_PRODUCER_EPOCH, psm.check(7, (short) 2, 1, 1).error());
        assertEquals(OUT_OF_ORDER_SEQUENCE_NUMBER, psm.check(7, (short) 4, 5, 5).verdict());
        assertEquals(APPEND, psm.check(7, (short) 4, 0, 3).verdict());
        psm.update(7, (short) 4, 0, 3, 11, 14, 2);
        assertEquals(List.of(new ProducerStateEntry.BatchMetadata(0, 3, 11, 14, 2)), psm.lastEntry(7).batches(),
            "a new epoch forgets the old epoch's batches");
    }

    @Test
    void sequencesWrapAroundAtIntegerMax() {
        psm.update(7, (short) 0, Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 0, 1, 1);
        assertEquals(APPEND, psm.check(7, (short) 0, 0, 5).verdict());
        assertEquals(OUT_OF_ORDER_SEQUENCE_NUMBER, psm.check(7, (short) 0, 1, 5).verdict());
    }

    @Test
    void checkAppendChecksEachBatchAgainstTheOnesBeforeIt() {
        psm.update(7, (short) 0, 0, 1, 0, 1, 1);
        var ok = TestUtils.concat(TestUtils.idempotent(7, (short) 0, 2, 1, "a", "b"),
            TestUtils.idempotent(7, (short) 0, 4, 1, "c"));
        assertEquals(APPEND, psm.checkAppend(RecordBatches.iterate(ok)).verdict());
        var gap = TestUtils.concat(TestUtils.idempotent(7, (short) 0, 2, 1, "a", "b"),
            TestUtils.idempotent(7, (short) 0, 5, 1, "c"));
        assertEquals(OUT_OF_ORDER_SEQUENCE_NUMBER, psm.checkAppend(RecordBatches.iterate(gap)).verdict());
        assertEquals(List.of(new ProducerStateEntry.BatchMetadata(0, 1, 0, 1, 1)), psm.lastEntry(7).batches(),
            "checking changes nothing");
        var plain = TestUtils.batch(1, "x");
        assertEquals(APPEND, psm.checkAppend(RecordBatches.iterate(plain)).verdict());
    }

    @Test
    void truncationExpirationAndActiveProducers() {
        psm.update(1, (short) 0, 0, 0, 10, 10, 1000);
        psm.update(1, (short) 0, 1, 1, 20, 20, 1000);
        psm.update(2, (short) 0, 0, 0, 30, 30, 5000);
        assertEquals(Map.of(1L, 20L, 2L, 30L), psm.lastOffsetOfActiveProducers());
        assertEquals(true, psm.truncateFrom(31), "nothing at or above 31");
        assertEquals(false, psm.truncateFrom(20), "producer 2 lost every batch");
        assertEquals(0, psm.lastEntry(1).lastSeq(), "producer 1 keeps its first batch");
        assertEquals(true, psm.lastEntry(2).isEmpty());
        assertEquals(1, psm.removeExpiredProducers(5000 + 100, 200), "producer 1 (last seen at 1000) expired");
        assertNull(psm.lastEntry(1));
        assertEquals(1, psm.numProducers());
        psm.updateFromBatch(RecordBatch.NO_PRODUCER_ID, (short) -1, -1, -1, 40, 40, 1, false);
        assertEquals(1, psm.numProducers(), "batches without a producer id are ignored");
        psm.updateFromBatch(2, (short) 1, -1, -1, 41, 41, 6000, true);
        assertEquals(1, psm.lastEntry(2).producerEpoch(), "a control batch moves the epoch");
        psm.clear();
        assertEquals(0, psm.numProducers());
    }
}
