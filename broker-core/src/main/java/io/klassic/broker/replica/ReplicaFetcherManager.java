package io.klassic.broker.replica;

import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.TopicPartition;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The replica fetcher threads of one broker: {@code num.replica.fetchers} per source broker, a partition going to
 * thread {@code abs(31 * topic.hashCode() + partition) % num.replica.fetchers} of its leader (with Kafka's abs, which
 * maps {@code Integer.MIN_VALUE} to 0). Threads start when a
 * first partition is handed to them and stop when their last one leaves. Leaders' addresses come from the
 * LeaderAndIsr requests ({@link #updateLeaderEndpoint}), else from the metadata cache. Thread-safe.
 */
public final class ReplicaFetcherManager implements ReplicaManager.FollowerFetchers, AutoCloseable {
    private record FetcherKey(int leaderId, int fetcherId) {
    }

    private final ReplicaFetcherConfig config;
    private final ReplicaManager replicaManager;
    private final IntFunction<Optional<InetSocketAddress>> metadataEndpoints;
    private final Map<Integer, InetSocketAddress> leaderEndpoints = new ConcurrentHashMap<>();
    private final Map<FetcherKey, ReplicaFetcherThread> threads = new HashMap<>();
    private final Map<TopicPartition, FetcherKey> assignments = new HashMap<>();

    public ReplicaFetcherManager(ReplicaFetcherConfig config, ReplicaManager replicaManager, IntFunction<Optional<InetSocketAddress>> metadataEndpoints) {
        this.config = config;
        this.replicaManager = replicaManager;
        this.metadataEndpoints = metadataEndpoints;
    }

    /** Remembers where broker {@code brokerId} listens for inter-broker requests. */
    @Override
    public void updateLeaderEndpoint(int brokerId, String host, int port) {
        leaderEndpoints.put(brokerId, InetSocketAddress.createUnresolved(host, port));
    }

    Optional<InetSocketAddress> endpoint(int brokerId) {
        InetSocketAddress known = leaderEndpoints.get(brokerId);
        return known != null ? Optional.of(known) : metadataEndpoints.apply(brokerId);
    }

    @Override
    public synchronized void addPartition(TopicPartition tp, int leaderId, int leaderEpoch) {
        removePartitions(List.of(tp));
        FetcherKey key = new FetcherKey(leaderId, fetcherId(tp, config.numFetchers()));
        ReplicaFetcherThread thread = threads.computeIfAbsent(key, k -> {
            ReplicaFetcherThread t = new ReplicaFetcherThread("ReplicaFetcherThread-" + k.fetcherId() + "-" + k.leaderId(), k.leaderId(),
                    config, replicaManager, this::endpoint);
            t.start();
            return t;
        });
        thread.addPartition(tp, leaderEpoch);
        assignments.put(tp, key);
    }

    /** The fetcher thread (of its leader's) that {@code tp} goes to. */
    static int fetcherId(TopicPartition tp, int numFetchers) {
        int hash = 31 * tp.topic().hashCode() + tp.partition();
        return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % numFetchers;
    }

    @Override
    public synchronized void removePartitions(Collection<TopicPartition> tps) {
        for (TopicPartition tp : tps) {
            FetcherKey key = assignments.remove(tp);
            if (key == null) {
                continue;
            }
            ReplicaFetcherThread thread = threads.get(key);
            if (thread != null) {
                thread.removePartition(tp);
                if (thread.partitionCount() == 0) {
                    threads.remove(key);
                    thread.shutdown();
                }
            }
        }
    }

    /** How many fetcher threads run. */
    public synchronized int threadCount() {
        return threads.size();
    }

    @Override
    public synchronized void close() {
        List<ReplicaFetcherThread> all = new ArrayList<>(threads.values());
        threads.clear();
        assignments.clear();
        for (ReplicaFetcherThread thread : all) {
            thread.shutdown();
        }
    }
}
