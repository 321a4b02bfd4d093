package io.klassic.broker.server;

import io.klassic.protocol.Errors;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The idempotent producers' state of one partition: per producer id its epoch and the last five batches
 * appended (first/last sequence and offsets), as Kafka keeps them. A retried batch that matches one of them is a
 * duplicate and gets its original offset; a batch that does not follow the last sequence is out of order; an
 * older epoch is fenced. Guarded by the owning {@link Partition}'s lock; not thread-safe by itself.
 */
final class ProducerStateManager {
    static final int MAX_BATCHES = 5;

    record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset) {
    }

    /** The verdict on an incoming batch. {@code duplicate} is set when the batch was already appended. */
    record Check(Errors error, BatchMetadata duplicate) {
        static final Check APPEND = new Check(Errors.NONE, null);
    }

    private static final class Entry {
        short epoch;
        final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>(MAX_BATCHES);
    }

    private final Map<Long, Entry> producers = new HashMap<>();

    Check check(long producerId, short epoch, int firstSeq, int lastSeq) {
        Entry entry = producers.get(producerId);
        if (entry == null) {
            // Unknown producer (new, or its state was not kept): accept, as Kafka does for a producer it has no state for.
            return Check.APPEND;
        }
        if (epoch < entry.epoch) {
            return new Check(Errors.INVALID_PRODUCER_EPOCH, null);
        }
        if (epoch > entry.epoch) {
            return firstSeq == 0 ? Check.APPEND : new Check(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, null);
        }
        for (BatchMetadata batch : entry.batches) {
            if (batch.firstSeq() == firstSeq && batch.lastSeq() == lastSeq) {
                return new Check(Errors.NONE, batch);
            }
        }
        BatchMetadata last = entry.batches.peekLast();
        if (last != null && firstSeq != nextSequence(last.lastSeq())) {
            return new Check(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, null);
        }
        return Check.APPEND;
    }

    void update(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset) {
        Entry entry = producers.computeIfAbsent(producerId, id -> new Entry());
        if (epoch != entry.epoch) {
            entry.epoch = epoch;
            entry.batches.clear();
        }
        if (entry.batches.size() == MAX_BATCHES) {
            entry.batches.pollFirst();
        }
        entry.batches.addLast(new BatchMetadata(firstSeq, lastSeq, firstOffset, lastOffset));
    }

    private static int nextSequence(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }
}
