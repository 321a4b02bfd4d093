package io.klassic.broker.replica;

import io.klassic.broker.KafkaConfig;

/**
 * The follower-side replication settings (Kafka's keys): {@code num.replica.fetchers}, {@code replica.fetch.max.bytes}
 * (per partition), {@code replica.fetch.response.max.bytes}, {@code replica.fetch.wait.max.ms},
 * {@code replica.fetch.min.bytes}, {@code replica.fetch.backoff.ms} and {@code replica.socket.timeout.ms}. Immutable.
 */
public record ReplicaFetcherConfig(int brokerId, int numFetchers, int fetchMaxBytes, int fetchResponseMaxBytes, int fetchWaitMaxMs,
                                   int fetchMinBytes, int fetchBackoffMs, int socketTimeoutMs) {
    public ReplicaFetcherConfig {
        if (numFetchers < 1) {
            throw new IllegalArgumentException("Invalid value " + numFetchers + " for configuration num.replica.fetchers: must be at least 1");
        }
    }

    public static ReplicaFetcherConfig from(KafkaConfig config, int brokerId) {
        int waitMaxMs = config.getInt("replica.fetch.wait.max.ms");
        int socketTimeoutMs = config.getInt("replica.socket.timeout.ms");
        if (socketTimeoutMs < waitMaxMs) {
            throw new IllegalArgumentException("replica.socket.timeout.ms (" + socketTimeoutMs + ") should always be at least replica.fetch.wait.max.ms ("
                    + waitMaxMs + ") to prevent unnecessary socket timeouts");
        }
        return new ReplicaFetcherConfig(brokerId, config.getInt("num.replica.fetchers"), config.getInt("replica.fetch.max.bytes"),
                config.getInt("replica.fetch.response.max.bytes"), waitMaxMs, config.getInt("replica.fetch.min.bytes"),
                config.getInt("replica.fetch.backoff.ms"), socketTimeoutMs);
    }
}
