package io.klassic.broker.server;

import io.klassic.log.FetchDataInfo;
import io.klassic.log.Log;
import io.klassic.log.LogAppendInfo;
import io.klassic.log.ProducerStateException;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import io.klassic.protocol.record.BatchValidator;
import io.klassic.protocol.record.ValidationResult;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A partition this broker hosts: its log, its leader epoch, its in-sync replicas and its idempotent producers'
 * state. Appends are validated and written under this partition's lock; the log de-duplicates idempotent
 * producers' retries (its producer state is rebuilt from the log on load). Thread-safe.
 */
public final class Partition {
    private final TopicPartition topicPartition;
    private final Log log;
    private volatile PartitionState state;

    /** The result of an append: an error, or the base offset and log append time the producer is told. */
    public record AppendResult(Errors error, String errorMessage, long baseOffset, long logAppendTime, long logStartOffset) {
        static AppendResult failed(Errors error, String message, long logStartOffset) {
            return new AppendResult(error, message, -1L, -1L, logStartOffset);
        }
    }

    Partition(TopicPartition topicPartition, Log log, PartitionState state) {
        this.topicPartition = topicPartition;
        this.log = log;
        this.state = state;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Log log() {
        return log;
    }

    public PartitionState state() {
        return state;
    }

    void updateState(PartitionState state) {
        this.state = state;
    }

    public int leaderEpoch() {
        return state.leaderEpoch();
    }

    public long highWatermark() {
        return log.highWatermark();
    }

    /** Validates and appends a produce request's batches as leader; {@code requiredAcks} is 0, 1 or -1. */
    public synchronized AppendResult appendRecordsToLeader(ByteBuffer records, int requiredAcks, int minInSyncReplicas) {
        PartitionState current = state;
        if (requiredAcks == -1 && current.isr().size() < minInSyncReplicas) {
            return AppendResult.failed(Errors.NOT_ENOUGH_REPLICAS, "The size of the current ISR " + current.isr()
                    + " is insufficient to satisfy the min.isr requirement of " + minInSyncReplicas + " for partition " + topicPartition, log.logStartOffset());
        }
        ValidationResult validation = BatchValidator.validate(records, log.config().maxMessageBytes(), log.config().compact());
        if (validation.error() != Errors.NONE) {
            return AppendResult.failed(validation.error(), validation.errorMessage(), log.logStartOffset());
        }
        if (validation.batchCount() != 1) {
            return AppendResult.failed(Errors.INVALID_RECORD, "Produce requests with version 3 or later must carry exactly one record batch per partition, got "
                    + validation.batchCount(), log.logStartOffset());
        }
        LogAppendInfo info;
        try {
            info = log.appendAsLeader(records, current.leaderEpoch());
        } catch (ProducerStateException e) {
            return AppendResult.failed(e.error(), e.getMessage(), log.logStartOffset());
        }
        if (info.duplicate()) {
            // A retried batch of an idempotent producer: answer with the offsets it got the first time.
            return new AppendResult(Errors.NONE, null, info.firstOffset(), info.logAppendTime(), log.logStartOffset());
        }
        // With this broker as the only in-sync replica, an appended record is committed at once.
        if (current.isr().size() <= 1) {
            log.updateHighWatermark(log.logEndOffset());
        }
        return new AppendResult(Errors.NONE, null, info.firstOffset(), info.logAppendTime(), log.logStartOffset());
    }

    /** Reads for a consumer (up to the high watermark) or a follower (up to the log end). */
    public FetchDataInfo read(long fetchOffset, int maxBytes, boolean toHighWatermark, boolean minOneMessage) {
        long maxOffset = toHighWatermark ? log.highWatermark() : log.logEndOffset();
        return log.read(fetchOffset, maxBytes, maxOffset, minOneMessage);
    }

    public List<Integer> isr() {
        return state.isr();
    }
}
