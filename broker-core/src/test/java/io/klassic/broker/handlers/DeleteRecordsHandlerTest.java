package io.klassic.broker.handlers;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.PartitionState;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.RequestHeader;
import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.MemoryRecordsBuilder;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DeleteRecords on a leader of three replicas (broker 0 leads, 1 and 2 follow): the log start offset moves at once,
 * the answer waits for the followers' log start offsets (told by their fetches), and the per-partition errors and
 * low watermarks are Kafka's.
 */
class DeleteRecordsHandlerTest {
    private static final TopicPartition TP = new TopicPartition("records", 0);
    private static final int LONG_TIMEOUT_MS = 60_000;

    @TempDir
    Path dir;

    private LogManager logManager;
    private ScheduledExecutorService timer;
    private ReplicaManager replicaManager;
    private MetadataCache cache;
    private DeleteRecordsHandler handler;
    private Partition partition;
    private final AtomicLong clock = new AtomicLong(1_000_000L);

    @BeforeEach
    void setUp() {
        logManager = new LogManager(List.of(dir.toFile()), LogConfig.defaults(), clock::get);
        logManager.startup();
        timer = Executors.newSingleThreadScheduledExecutor();
        replicaManager = new ReplicaManager(0, logManager, timer, MetricsRegistry.isolated());
        cache = new MetadataCache("cluster");
        cache.setBrokers(List.of(broker(0), broker(1), broker(2)));
        partition = leader(TP, LogConfig.defaults());
        appendAndReplicate(10);
    }

    @AfterEach
    void tearDown() {
        logManager.shutdown();
        timer.shutdownNow();
    }

    private static BrokerInfo broker(int id) {
        return new BrokerInfo(id, "127.0.0.1", 9092 + id, List.of("PLAINTEXT://127.0.0.1:" + (9092 + id)), null);
    }

    private Partition leader(TopicPartition tp, LogConfig config) {
        PartitionState state = new PartitionState(tp.topic(), tp.partition(), 0, 3, List.of(0, 1, 2), List.of(0, 1, 2), 1, 0);
        cache.putTopic(tp.topic(), List.of(state));
        handler = new DeleteRecordsHandler(replicaManager, cache);
        return replicaManager.makeLeader(state, config);
    }

    /** Appends {@code count} records and lets both followers fetch them (log start offset 0), so that the high watermark passes them. */
    private void appendAndReplicate(int count) {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(CompressionType.NONE);
        for (int i = 0; i < count; i++) {
            builder.append(clock.get(), null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(Errors.NONE, partition.appendRecordsToLeader(builder.build(), -1, 2).error());
        followerFetch(1, 0);
        followerFetch(2, 0);
        assertEquals(partition.log().logEndOffset(), partition.highWatermark());
    }

    /** A follower's fetch from the leader's log end offset, carrying the follower's log start offset. */
    private void followerFetch(int replica, long followerLogStartOffset) {
        long end = partition.log().logEndOffset();
        replicaManager.recordFollowerFetch(TP, replica, end, followerLogStartOffset, end);
    }

    private CompletableFuture<Struct> deleteRecords(TopicPartition tp, long offset, int timeoutMs) {
        Struct request = ApiKeys.DELETE_RECORDS.request().newStruct();
        request.add("Topics").set("Name", tp.topic()).add("Partitions").set("PartitionIndex", tp.partition()).set("Offset", offset);
        request.set("TimeoutMs", timeoutMs);
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.DELETE_RECORDS.id(), (short) 2, 1, "admin"),
                ApiKeys.DELETE_RECORDS, new InetSocketAddress("127.0.0.1", 1), "PLAINTEXT");
        return handler.handle(context, request);
    }

    private static Struct only(CompletableFuture<Struct> response) {
        Struct body = response.getNow(null);
        assertTrue(body != null, "the response is complete");
        return only(body);
    }

    private static Struct only(Struct body) {
        assertEquals(1, body.getStructs("Topics").size());
        List<Struct> partitions = body.getStructs("Topics").get(0).getStructs("Partitions");
        assertEquals(1, partitions.size());
        return partitions.get(0);
    }

    private static void assertResult(Errors error, long lowWatermark, Struct p) {
        assertEquals(error, Errors.forCode(p.getShort("ErrorCode")), () -> "error of " + p);
        assertEquals(lowWatermark, p.getLong("LowWatermark"), () -> "low watermark of " + p);
    }

    @Test
    void theAnswerWaitsUntilEveryReplicasLogStartOffsetReachesTheOffset() {
        CompletableFuture<Struct> response = deleteRecords(TP, 4, LONG_TIMEOUT_MS);
        assertEquals(4, partition.log().logStartOffset(), "the leader moves its log start offset at once");
        assertFalse(response.isDone(), "the followers still start at 0");
        assertEquals(0, partition.lowWatermarkIfLeader(id -> true));

        followerFetch(1, 4);
        assertFalse(response.isDone(), "follower 2 still starts at 0");
        followerFetch(2, 4);
        assertResult(Errors.NONE, 4, only(response));
        assertEquals(0, replicaManager.deleteRecordsPurgatory().watched(), "nothing is left watching");
    }

    @Test
    void offsetMinusOneDeletesUpToTheHighWatermark() {
        followerFetch(1, 10);
        followerFetch(2, 10);
        CompletableFuture<Struct> response = deleteRecords(TP, Partition.HIGH_WATERMARK, LONG_TIMEOUT_MS);
        assertResult(Errors.NONE, 10, only(response));
        assertEquals(10, partition.log().logStartOffset());
    }

    @Test
    void anOffsetAboveTheHighWatermarkIsOutOfRange() {
        assertResult(Errors.OFFSET_OUT_OF_RANGE, -1, only(deleteRecords(TP, 11, LONG_TIMEOUT_MS)));
        assertResult(Errors.OFFSET_OUT_OF_RANGE, -1, only(deleteRecords(TP, -2, LONG_TIMEOUT_MS)));
        assertEquals(0, partition.log().logStartOffset(), "nothing was deleted");
    }

    @Test
    void aReplicaThatNeverCatchesUpTimesTheRequestOut() throws Exception {
        followerFetch(1, 6);
        CompletableFuture<Struct> response = deleteRecords(TP, 6, 100);
        // The purgatory's timer completes it; the deadline only bounds a broken test.
        assertResult(Errors.REQUEST_TIMED_OUT, 0, only(response.get(30, TimeUnit.SECONDS)));
        assertEquals(6, partition.log().logStartOffset(), "the leader's log start offset moved all the same");
    }

    @Test
    void aReplicaOnADeadBrokerDoesNotHoldTheLowWatermarkBack() {
        cache.setBrokers(List.of(broker(0), broker(1)));
        CompletableFuture<Struct> response = deleteRecords(TP, 5, LONG_TIMEOUT_MS);
        assertFalse(response.isDone());
        followerFetch(1, 5);
        assertResult(Errors.NONE, 5, only(response));
    }

    @Test
    void losingTheLeadershipWhileWaitingAnswersNotLeaderOrFollower() {
        CompletableFuture<Struct> response = deleteRecords(TP, 3, LONG_TIMEOUT_MS);
        assertFalse(response.isDone());
        replicaManager.makeFollower(new PartitionState(TP.topic(), TP.partition(), 1, 4, List.of(0, 1, 2), List.of(0, 1, 2), 1, 1),
                LogConfig.defaults());
        assertResult(Errors.NOT_LEADER_OR_FOLLOWER, -1, only(response));
    }

    @Test
    void perPartitionErrorsAreKafkas() {
        assertResult(Errors.UNKNOWN_TOPIC_OR_PARTITION, -1, only(deleteRecords(new TopicPartition("nowhere", 0), 1, LONG_TIMEOUT_MS)));
        assertResult(Errors.UNKNOWN_TOPIC_OR_PARTITION, -1, only(deleteRecords(new TopicPartition(TP.topic(), 7), 1, LONG_TIMEOUT_MS)));

        TopicPartition elsewhere = new TopicPartition("elsewhere", 0);
        cache.putTopic(elsewhere.topic(), List.of(new PartitionState(elsewhere.topic(), 0, 1, 1, List.of(1, 2), List.of(1, 2))));
        assertResult(Errors.NOT_LEADER_OR_FOLLOWER, -1, only(deleteRecords(elsewhere, 1, LONG_TIMEOUT_MS)));

        TopicPartition followed = new TopicPartition("followed", 0);
        PartitionState followerState = new PartitionState(followed.topic(), 0, 1, 1, List.of(0, 1), List.of(0, 1));
        cache.putTopic(followed.topic(), List.of(followerState));
        replicaManager.makeFollower(followerState, LogConfig.defaults());
        assertResult(Errors.NOT_LEADER_OR_FOLLOWER, -1, only(deleteRecords(followed, 0, LONG_TIMEOUT_MS)));

        TopicPartition compacted = new TopicPartition("compacted", 0);
        leader(compacted, LogConfig.fromProps(Map.of("cleanup.policy", "compact"), LogConfig.defaults()));
        assertResult(Errors.POLICY_VIOLATION, -1, only(deleteRecords(compacted, 0, LONG_TIMEOUT_MS)));

        TopicPartition offsets = new TopicPartition("__consumer_offsets", 0);
        leader(offsets, LogConfig.defaults());
        assertResult(Errors.INVALID_TOPIC_EXCEPTION, -1, only(deleteRecords(offsets, 0, LONG_TIMEOUT_MS)));
    }

    @Test
    void aFollowerFetchCarryingTheSameLogStartOffsetChangesNothing() {
        assertFalse(partition.updateFollowerFetchState(1, 10, 0, 10, clock.get()), "nothing moved");
        assertTrue(partition.updateFollowerFetchState(1, 10, 3, 10, clock.get()), "the follower's log start offset moved");
    }
}
