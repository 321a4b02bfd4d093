package io.klassic.broker;

import io.klassic.broker.ConfigDef.Type;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The broker's configuration: {@code server.properties} plus {@code --override key=value}, with Kafka's key
 * names and defaults. Malformed values fail with the key named; keys this broker does not know are kept in
 * {@link #unknownKeys()} so that start-up can report them by name. Immutable; thread-safe.
 */
public final class KafkaConfig {
    static final ConfigDef DEF = new ConfigDef()
            // server basics
            .define("broker.id", Type.INT, -1)
            .define("broker.id.generation.enable", Type.BOOLEAN, true)
            .define("reserved.broker.max.id", Type.INT, 1000)
            .define("broker.rack", Type.STRING, null)
            .define("listeners", Type.LIST, List.of("PLAINTEXT://:9092"))
            .define("advertised.listeners", Type.LIST, null)
            .define("listener.security.protocol.map", Type.STRING,
                    "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL")
            .define("inter.broker.listener.name", Type.STRING, null)
            .define("security.inter.broker.protocol", Type.STRING, "PLAINTEXT")
            .define("num.network.threads", Type.INT, 3)
            .define("num.io.threads", Type.INT, 8)
            .define("background.threads", Type.INT, 10)
            .define("queued.max.requests", Type.INT, 500)
            .define("socket.send.buffer.bytes", Type.INT, 102400)
            .define("socket.receive.buffer.bytes", Type.INT, 102400)
            .define("socket.request.max.bytes", Type.INT, 104857600)
            .define("connections.max.idle.ms", Type.LONG, 600000L)
            .define("request.timeout.ms", Type.INT, 30000)
            // zookeeper
            .define("zookeeper.connect", Type.STRING, ConfigDef.NO_DEFAULT)
            .define("zookeeper.session.timeout.ms", Type.INT, 18000)
            .define("zookeeper.connection.timeout.ms", Type.INT, null)
            .define("zookeeper.max.in.flight.requests", Type.INT, 10)
            .define("zookeeper.set.acl", Type.BOOLEAN, false)
            // topics and logs
            .define("log.dirs", Type.LIST, null)
            .define("log.dir", Type.LIST, List.of("/tmp/kafka-logs"))
            .define("num.partitions", Type.INT, 1)
            .define("default.replication.factor", Type.INT, 1)
            .define("auto.create.topics.enable", Type.BOOLEAN, true)
            .define("delete.topic.enable", Type.BOOLEAN, true)
            .define("message.max.bytes", Type.INT, 1048588)
            .define("log.segment.bytes", Type.INT, 1073741824)
            .define("log.roll.hours", Type.INT, 168)
            .define("log.roll.ms", Type.LONG, null)
            .define("log.roll.jitter.hours", Type.INT, 0)
            .define("log.roll.jitter.ms", Type.LONG, null)
            .define("log.retention.hours", Type.INT, 168)
            .define("log.retention.minutes", Type.INT, null)
            .define("log.retention.ms", Type.LONG, null)
            .define("log.retention.bytes", Type.LONG, -1L)
            .define("log.retention.check.interval.ms", Type.LONG, 300000L)
            .define("log.segment.delete.delay.ms", Type.LONG, 60000L)
            .define("log.index.interval.bytes", Type.INT, 4096)
            .define("log.index.size.max.bytes", Type.INT, 10485760)
            .define("log.flush.interval.messages", Type.LONG, Long.MAX_VALUE)
            .define("log.flush.interval.ms", Type.LONG, null)
            .define("log.flush.scheduler.interval.ms", Type.LONG, Long.MAX_VALUE)
            .define("log.flush.offset.checkpoint.interval.ms", Type.INT, 60000)
            .define("log.flush.start.offset.checkpoint.interval.ms", Type.INT, 60000)
            .define("log.preallocate", Type.BOOLEAN, false)
            .define("log.cleanup.policy", Type.LIST, List.of("delete"))
            .define("log.cleaner.enable", Type.BOOLEAN, true)
            .define("log.cleaner.threads", Type.INT, 1)
            .define("log.cleaner.dedupe.buffer.size", Type.LONG, 134217728L)
            .define("log.cleaner.io.buffer.size", Type.INT, 524288)
            .define("log.cleaner.io.buffer.load.factor", Type.DOUBLE, 0.9d)
            .define("log.cleaner.io.max.bytes.per.second", Type.DOUBLE, Double.MAX_VALUE)
            .define("log.cleaner.backoff.ms", Type.LONG, 15000L)
            .define("log.cleaner.min.cleanable.ratio", Type.DOUBLE, 0.5d)
            .define("log.cleaner.delete.retention.ms", Type.LONG, 86400000L)
            .define("log.cleaner.min.compaction.lag.ms", Type.LONG, 0L)
            .define("log.cleaner.max.compaction.lag.ms", Type.LONG, Long.MAX_VALUE)
            .define("log.message.timestamp.type", Type.STRING, "CreateTime")
            .define("log.message.timestamp.difference.max.ms", Type.LONG, Long.MAX_VALUE)
            .define("log.message.format.version", Type.STRING, "3.0-IV1")
            .define("num.recovery.threads.per.data.dir", Type.INT, 1)
            .define("compression.type", Type.STRING, "producer")
            .define("min.insync.replicas", Type.INT, 1)
            .define("unclean.leader.election.enable", Type.BOOLEAN, false)
            // replication
            .define("num.replica.fetchers", Type.INT, 1)
            .define("replica.lag.time.max.ms", Type.LONG, 30000L)
            .define("replica.fetch.max.bytes", Type.INT, 1048576)
            .define("replica.fetch.wait.max.ms", Type.INT, 500)
            .define("replica.fetch.min.bytes", Type.INT, 1)
            .define("replica.fetch.response.max.bytes", Type.INT, 10485760)
            .define("replica.fetch.backoff.ms", Type.INT, 1000)
            .define("replica.socket.timeout.ms", Type.INT, 30000)
            .define("replica.socket.receive.buffer.bytes", Type.INT, 65536)
            .define("replica.high.watermark.checkpoint.interval.ms", Type.LONG, 5000L)
            .define("controller.socket.timeout.ms", Type.INT, 30000)
            .define("controlled.shutdown.enable", Type.BOOLEAN, true)
            .define("controlled.shutdown.max.retries", Type.INT, 3)
            .define("controlled.shutdown.retry.backoff.ms", Type.LONG, 5000L)
            .define("auto.leader.rebalance.enable", Type.BOOLEAN, true)
            .define("leader.imbalance.check.interval.seconds", Type.LONG, 300L)
            .define("leader.imbalance.per.broker.percentage", Type.INT, 10)
            // groups, offsets, transactions
            .define("offsets.topic.replication.factor", Type.SHORT, (short) 3)
            .define("offsets.topic.num.partitions", Type.INT, 50)
            .define("offsets.topic.segment.bytes", Type.INT, 104857600)
            .define("offsets.topic.compression.codec", Type.INT, 0)
            .define("offsets.retention.minutes", Type.INT, 10080)
            .define("offsets.retention.check.interval.ms", Type.LONG, 600000L)
            .define("offsets.commit.timeout.ms", Type.INT, 5000)
            .define("offsets.load.buffer.size", Type.INT, 5242880)
            .define("offset.metadata.max.bytes", Type.INT, 4096)
            .define("group.initial.rebalance.delay.ms", Type.INT, 3000)
            .define("group.min.session.timeout.ms", Type.INT, 6000)
            .define("group.max.session.timeout.ms", Type.INT, 1800000)
            .define("group.max.size", Type.INT, Integer.MAX_VALUE)
            .define("transaction.state.log.replication.factor", Type.SHORT, (short) 3)
            .define("transaction.state.log.min.isr", Type.INT, 2)
            .define("transaction.state.log.num.partitions", Type.INT, 50)
            .define("transaction.max.timeout.ms", Type.INT, 900000)
            .define("transactional.id.expiration.ms", Type.INT, 604800000)
            .define("producer.id.expiration.ms", Type.INT, 86400000)
            .define("producer.id.expiration.check.interval.ms", Type.INT, 600000)
            .define("log.initial.task.delay.ms", Type.LONG, 30000L)
            .define("max.connections", Type.INT, Integer.MAX_VALUE)
            .define("max.connections.per.ip", Type.INT, Integer.MAX_VALUE)
            .define("metric.reporters", Type.LIST, List.of())
            .define("metrics.num.samples", Type.INT, 2)
            .define("metrics.sample.window.ms", Type.LONG, 30000L)
            .define("inter.broker.protocol.version", Type.STRING, "3.9-IV0");

    private final Map<String, String> originals;
    private final Map<String, Object> values;
    private final List<String> unknownKeys;

    public KafkaConfig(Map<String, String> props) {
        this.originals = Map.copyOf(props);
        ConfigDef.Parsed parsed = DEF.parse(props);
        this.values = parsed.values();
        this.unknownKeys = parsed.unknownKeys();
        validate();
    }

    /** Reads a properties file and applies overrides given as {@code key=value} strings. */
    public static KafkaConfig load(Path file, List<String> overrides) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name));
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("Invalid override \"" + override + "\": expected key=value");
            }
            map.put(override.substring(0, eq).trim(), override.substring(eq + 1));
        }
        return new KafkaConfig(map);
    }

    private void validate() {
        if (brokerId() < -1) {
            throw new ConfigException("Invalid value " + brokerId() + " for configuration broker.id: must be -1 or a non-negative integer");
        }
        if (socketRequestMaxBytes() <= 0) {
            throw new ConfigException("Invalid value " + socketRequestMaxBytes() + " for configuration socket.request.max.bytes: must be positive");
        }
        if (numPartitions() < 1) {
            throw new ConfigException("Invalid value " + numPartitions() + " for configuration num.partitions: must be at least 1");
        }
        if (defaultReplicationFactor() < 1) {
            throw new ConfigException("Invalid value " + defaultReplicationFactor() + " for configuration default.replication.factor: must be at least 1");
        }
        for (String listener : listeners()) {
            EndPointConfig.parse("listeners", listener);
        }
        if (logDirs().isEmpty()) {
            throw new ConfigException("Invalid value for configuration log.dirs: at least one directory is required");
        }
        String type = getString("log.message.timestamp.type");
        if (!type.equals("CreateTime") && !type.equals("LogAppendTime")) {
            throw new ConfigException("Invalid value " + type + " for configuration log.message.timestamp.type: String must be one of: CreateTime, LogAppendTime");
        }
        logConfigDefaults();
    }

    public Object get(String key) {
        return values.get(key);
    }

    public int getInt(String key) {
        return (Integer) values.get(key);
    }

    public long getLong(String key) {
        return (Long) values.get(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) values.get(key);
    }

    public String getString(String key) {
        return (String) values.get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> getList(String key) {
        return (List<String>) values.get(key);
    }

    public List<String> unknownKeys() {
        return unknownKeys;
    }

    public Map<String, String> originals() {
        return originals;
    }

    public int brokerId() {
        return getInt("broker.id");
    }

    public List<String> listeners() {
        return getList("listeners");
    }

    /** The advertised listeners: {@code advertised.listeners} when set, else the listeners. */
    public List<String> advertisedListeners() {
        List<String> advertised = getList("advertised.listeners");
        return advertised == null ? listeners() : advertised;
    }

    public List<String> logDirs() {
        List<String> dirs = getList("log.dirs");
        return dirs == null ? getList("log.dir") : dirs;
    }

    public String zkConnect() {
        return getString("zookeeper.connect");
    }

    public int zkSessionTimeoutMs() {
        return getInt("zookeeper.session.timeout.ms");
    }

    public int zkConnectionTimeoutMs() {
        Object v = values.get("zookeeper.connection.timeout.ms");
        return v == null ? zkSessionTimeoutMs() : (Integer) v;
    }

    public int numPartitions() {
        return getInt("num.partitions");
    }

    public int defaultReplicationFactor() {
        return getInt("default.replication.factor");
    }

    public boolean autoCreateTopicsEnable() {
        return getBoolean("auto.create.topics.enable");
    }

    public boolean deleteTopicEnable() {
        return getBoolean("delete.topic.enable");
    }

    public int socketRequestMaxBytes() {
        return getInt("socket.request.max.bytes");
    }

    public int numIoThreads() {
        return getInt("num.io.threads");
    }

    public int numNetworkThreads() {
        return getInt("num.network.threads");
    }

    public int minInSyncReplicas() {
        return getInt("min.insync.replicas");
    }

    public String rack() {
        return getString("broker.rack");
    }

    /** The log retention in ms from log.retention.ms, .minutes or .hours, the first one set, as Kafka resolves it. */
    public long logRetentionMs() {
        Object ms = values.get("log.retention.ms");
        if (ms != null) {
            return (Long) ms;
        }
        Object minutes = values.get("log.retention.minutes");
        if (minutes != null) {
            return (Integer) minutes * 60_000L;
        }
        return getInt("log.retention.hours") * 3_600_000L;
    }

    public long logRollMs() {
        Object ms = values.get("log.roll.ms");
        return ms != null ? (Long) ms : getInt("log.roll.hours") * 3_600_000L;
    }

    /**
     * The broker-wide defaults of the topic-level configs, under their topic-level names
     * ({@code log.segment.bytes} becomes {@code segment.bytes}, ...), ready for the log's config parser.
     */
    public Map<String, String> logConfigDefaults() {
        Map<String, String> m = new HashMap<>();
        m.put("segment.bytes", String.valueOf(getInt("log.segment.bytes")));
        m.put("segment.ms", String.valueOf(logRollMs()));
        m.put("segment.index.bytes", String.valueOf(getInt("log.index.size.max.bytes")));
        m.put("index.interval.bytes", String.valueOf(getInt("log.index.interval.bytes")));
        m.put("max.message.bytes", String.valueOf(getInt("message.max.bytes")));
        m.put("message.timestamp.type", getString("log.message.timestamp.type"));
        m.put("cleanup.policy", String.join(",", getList("log.cleanup.policy")));
        m.put("retention.ms", String.valueOf(logRetentionMs()));
        m.put("retention.bytes", String.valueOf(getLong("log.retention.bytes")));
        m.put("file.delete.delay.ms", String.valueOf(getLong("log.segment.delete.delay.ms")));
        m.put("flush.messages", String.valueOf(getLong("log.flush.interval.messages")));
        Object flushMs = values.get("log.flush.interval.ms");
        m.put("flush.ms", String.valueOf(flushMs == null ? Long.MAX_VALUE : (Long) flushMs));
        m.put("preallocate", String.valueOf(getBoolean("log.preallocate")));
        m.put("min.insync.replicas", String.valueOf(minInSyncReplicas()));
        m.put("unclean.leader.election.enable", String.valueOf(getBoolean("unclean.leader.election.enable")));
        m.put("delete.retention.ms", String.valueOf(getLong("log.cleaner.delete.retention.ms")));
        m.put("min.cleanable.dirty.ratio", String.valueOf(get("log.cleaner.min.cleanable.ratio")));
        m.put("min.compaction.lag.ms", String.valueOf(getLong("log.cleaner.min.compaction.lag.ms")));
        m.put("max.compaction.lag.ms", String.valueOf(getLong("log.cleaner.max.compaction.lag.ms")));
        Object jitterMs = values.get("log.roll.jitter.ms");
        m.put("segment.jitter.ms", String.valueOf(jitterMs != null ? (Long) jitterMs : getInt("log.roll.jitter.hours") * 3_600_000L));
        return m;
    }
}
