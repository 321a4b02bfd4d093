package io.klassic.log;

import io.klassic.protocol.Errors;
import io.klassic.protocol.record.RecordBatch;

import java.util.HashMap;
import java.util.Map;

/**
 * The idempotent producers' state of one partition's log: per producer id a {@link ProducerStateEntry}. Before a
 * leader append each batch with a producer id is {@link #check checked}: a batch equal (epoch and sequence range) to
 * one of the producer's last five is a duplicate and gets the original offsets; an older epoch is
 * {@code INVALID_PRODUCER_EPOCH}; a sequence that does not follow the last one is
 * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} (a new epoch must start at sequence 0); a producer the log knows nothing of
 * (new, expired, or removed with its data) may start at any sequence, as in Kafka. After the append the batch is
 * recorded with its offsets ({@link #update}). On load the state is rebuilt by reading every batch header from the
 * log start offset on ({@link Log} does this).
 *
 * <p>Thread safety: not thread-safe; guarded by the owning {@link Log}'s lock.
 */
public final class ProducerStateManager {
    /** What {@link #check} decided about a batch. */
    public enum Verdict { APPEND, DUPLICATE, OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH }

    /**
     * The result of {@link #check}: the verdict, for a duplicate the original batch, for an error a message naming
     * the producer and the sequences.
     */
    public record ProducerCheck(Verdict verdict, ProducerStateEntry.BatchMetadata duplicate, String message) {
        public static final ProducerCheck APPEND = new ProducerCheck(Verdict.APPEND, null, null);

        /** The error code of a refusal ({@link Errors#NONE} for APPEND and DUPLICATE). */
        public Errors error() {
            return switch (verdict) {
                case APPEND, DUPLICATE -> Errors.NONE;
                case OUT_OF_ORDER_SEQUENCE_NUMBER -> Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
                case INVALID_PRODUCER_EPOCH -> Errors.INVALID_PRODUCER_EPOCH;
            };
        }
    }

    private final TopicPartition topicPartition;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();

    public ProducerStateManager(TopicPartition topicPartition) {
        this.topicPartition = topicPartition;
    }

    /** Checks a batch of {@code producerId} against the producer's recorded state. */
    public ProducerCheck check(long producerId, short epoch, int firstSeq, int lastSeq) {
        return check(topicPartition, producers.get(producerId), producerId, epoch, firstSeq, lastSeq);
    }

    /** Checks a batch against {@code entry} (null: a producer without state). */
    static ProducerCheck check(TopicPartition tp, ProducerStateEntry entry, long producerId, short epoch,
                               int firstSeq, int lastSeq) {
        if (entry == null) {
            return ProducerCheck.APPEND;
        }
        ProducerStateEntry.BatchMetadata duplicate = entry.findDuplicateBatch(epoch, firstSeq, lastSeq);
        if (duplicate != null) {
            return new ProducerCheck(Verdict.DUPLICATE, duplicate, null);
        }
        short currentEpoch = entry.producerEpoch();
        if (epoch < currentEpoch) {
            return new ProducerCheck(Verdict.INVALID_PRODUCER_EPOCH, null, "Epoch of producer " + producerId
                + " at offset " + entry.lastDataOffset() + " in " + tp + " is " + epoch + ", which is smaller than "
                + "the last seen epoch " + currentEpoch + ".");
        }
        if (epoch != currentEpoch) {
            if (firstSeq != 0 && currentEpoch != RecordBatch.NO_PRODUCER_EPOCH) {
                return new ProducerCheck(Verdict.OUT_OF_ORDER_SEQUENCE_NUMBER, null, "Invalid sequence number for "
                    + "new epoch of producer " + producerId + " in partition " + tp + ": " + epoch
                    + " (request epoch), " + firstSeq + " (seq. number), " + currentEpoch
                    + " (current producer epoch).");
            }
            return ProducerCheck.APPEND;
        }
        int currentLastSeq = entry.lastSeq();
        if (currentEpoch != RecordBatch.NO_PRODUCER_EPOCH && !inSequence(currentLastSeq, firstSeq)) {
            return new ProducerCheck(Verdict.OUT_OF_ORDER_SEQUENCE_NUMBER, null, "Out of order sequence number for "
                + "producer " + producerId + " in partition " + tp + ": " + firstSeq + " (incoming seq. number), "
                + currentLastSeq + " (current end sequence number).");
        }
        return ProducerCheck.APPEND;
    }

    /**
     * Checks the batches of one append in order, each against the state as the earlier ones would leave it. Returns
     * the first verdict other than APPEND, or APPEND.
     */
    public ProducerCheck checkAppend(Iterable<RecordBatch> batches) {
        Map<Long, ProducerStateEntry> working = null;
        for (RecordBatch batch : batches) {
            if (!batch.hasProducerId() || batch.isControlBatch()) {
                continue;
            }
            long producerId = batch.producerId();
            short epoch = batch.producerEpoch();
            if (working == null) {
                working = new HashMap<>();
            }
            ProducerStateEntry entry = working.containsKey(producerId) ? working.get(producerId)
                : entryCopy(producerId);
            ProducerCheck check = check(topicPartition, entry, producerId, epoch, batch.baseSequence(),
                batch.lastSequence());
            if (check.verdict() != Verdict.APPEND) {
                return check;
            }
            if (entry == null) {
                entry = new ProducerStateEntry(producerId, epoch);
            }
            entry.addBatch(epoch, new ProducerStateEntry.BatchMetadata(batch.baseSequence(), batch.lastSequence(),
                -1L, -1L, batch.maxTimestamp()));
            working.put(producerId, entry);
        }
        return ProducerCheck.APPEND;
    }

    private static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
    }

    /** Records an appended batch of {@code producerId} with its assigned offsets and largest timestamp. */
    public void update(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset,
                       long timestamp) {
        producers.computeIfAbsent(producerId, id -> new ProducerStateEntry(id, epoch))
            .addBatch(epoch, new ProducerStateEntry.BatchMetadata(firstSeq, lastSeq, firstOffset, lastOffset,
                timestamp));
    }

    /** Records a batch read back from the log (recovery, follower appends): no checks. */
    void updateFromBatch(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset,
                         long timestamp, boolean controlBatch) {
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return;
        }
        if (controlBatch) {
            producers.computeIfAbsent(producerId, id -> new ProducerStateEntry(id, epoch)).bumpEpoch(epoch, timestamp);
        } else {
            update(producerId, epoch, firstSeq, lastSeq, firstOffset, lastOffset, timestamp);
        }
    }

    /** A copy of the producer's entry, or null. */
    public ProducerStateEntry lastEntry(long producerId) {
        ProducerStateEntry entry = producers.get(producerId);
        return entry == null ? null : entry.copy();
    }

    /** A working copy of the producer's entry for checking several batches of one append, or null. */
    ProducerStateEntry entryCopy(long producerId) {
        return lastEntry(producerId);
    }

    /** Copies of every entry by producer id. */
    public Map<Long, ProducerStateEntry> activeProducers() {
        Map<Long, ProducerStateEntry> copy = new HashMap<>();
        producers.forEach((id, entry) -> copy.put(id, entry.copy()));
        return copy;
    }

    /** The last offset of each producer's last batch (the cleaner keeps those batches, even emptied). */
    public Map<Long, Long> lastOffsetOfActiveProducers() {
        Map<Long, Long> offsets = new HashMap<>();
        producers.forEach((id, entry) -> {
            if (!entry.isEmpty()) {
                offsets.put(id, entry.lastDataOffset());
            }
        });
        return offsets;
    }

    public int numProducers() {
        return producers.size();
    }

    /**
     * Forgets the batches at or after {@code offset} (the log was truncated there). Returns false when some
     * producer lost every retained batch, so that its older state can only be found by reading the log again.
     */
    boolean truncateFrom(long offset) {
        boolean complete = true;
        for (ProducerStateEntry entry : producers.values()) {
            boolean hadBatches = !entry.isEmpty();
            entry.truncateFrom(offset);
            if (hadBatches && entry.isEmpty()) {
                complete = false;
            }
        }
        return complete;
    }

    /**
     * Removes producers whose last batch is older than {@code producerIdExpirationMs} before {@code now}
     * ({@code producer.id.expiration.ms}). Returns how many were removed.
     */
    public int removeExpiredProducers(long now, long producerIdExpirationMs) {
        int before = producers.size();
        producers.values().removeIf(entry -> entry.lastTimestamp() != RecordBatch.NO_TIMESTAMP
            && now - entry.lastTimestamp() >= producerIdExpirationMs);
        return before - producers.size();
    }

    /** Forgets every producer. */
    public void clear() {
        producers.clear();
    }
}
