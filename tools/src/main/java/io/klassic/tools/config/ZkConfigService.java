package io.klassic.tools.config;

import io.klassic.log.LogConfig;
import io.klassic.zk.TopicStore;
import io.klassic.zk.ZkClient;
import io.klassic.zk.ZkConfig;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code kafka-configs.sh --zookeeper}: topic configs read and written in ZooKeeper as Apache Kafka 2.x's tool
 * did — {@code /config/topics/<t>} rewritten whole, then a {@code /config/changes/config_change_N} notification
 * for the brokers ({@link TopicStore#changeTopicConfig}). Output, as Kafka 2.x:
 *
 * <pre>
 * Configs for topic 't' are retention.ms=1000,cleanup.policy=compact
 * Completed updating config for entity: topic 't'.
 * </pre>
 *
 * <p>Not thread-safe; used by the tool's thread.
 */
public final class ZkConfigService implements AutoCloseable {

    private static final int ZK_TIMEOUT_MS = 30_000;

    private final ZkClient zk;
    private final TopicStore store;
    private final PrintStream out;

    public ZkConfigService(ZkClient zk, PrintStream out) {
        this.zk = zk;
        this.store = new TopicStore(zk);
        this.out = out;
    }

    public static ZkConfigService create(String connect, PrintStream out) {
        ZkClient zk = new ZkClient(ZkConfig.of(connect, ZK_TIMEOUT_MS, ZK_TIMEOUT_MS));
        zk.start();
        return new ZkConfigService(zk, out);
    }

    public void describe(ConfigCommandOptions opts) {
        List<String> topics = opts.entityName().map(List::of)
                .orElseGet(() -> store.allTopics().stream().sorted().toList());
        for (String topic : topics) {
            Map<String, String> configs = new TreeMap<>(store.topicConfig(topic));
            out.println("Configs for topic '" + topic + "' are " + configs.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        }
    }

    public void alter(ConfigCommandOptions opts) throws Exception {
        String topic = opts.entityName().orElseThrow();
        if (!store.topicExists(topic)) {
            throw new IllegalArgumentException("Topic '" + topic + "' does not exist.");
        }
        Map<String, String> configs = new TreeMap<>(store.topicConfig(topic));
        List<String> toDelete = opts.configsToDelete();
        List<String> invalid = toDelete.stream().filter(k -> !configs.containsKey(k)).toList();
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("Invalid config(s): " + String.join(",", invalid));
        }
        configs.putAll(opts.configsToAdd());
        toDelete.forEach(configs::remove);
        LogConfig.fromProps(configs, LogConfig.defaults());
        store.changeTopicConfig(topic, configs);
        out.println("Completed updating config for entity: topic '" + topic + "'.");
    }

    @Override
    public void close() {
        zk.close();
    }
}
