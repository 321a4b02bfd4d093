package io.klassic.broker.server;

import io.klassic.zk.ConfigChangeNotificationZNode;
import io.klassic.zk.ZkClient;
import io.klassic.zk.ZkException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Applies topic config changes made while the broker runs, as Kafka's {@code DynamicConfigManager} does: it watches
 * {@code /config/changes}, and for each new {@code config_change_N} notification about {@code topics/<t>} re-reads
 * {@code /config/topics/<t>} and gives the new config to the logs of the topic's hosted partitions. Notifications
 * that exist at start-up are skipped (logs read their topic's config when they are opened); notifications older
 * than 15 minutes are deleted. Work runs on one thread ({@code config-change-listener}). Thread-safe.
 */
public final class TopicConfigManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicConfigManager.class);
    /** Kafka's {@code DynamicConfigManager} change expiration. */
    static final long CHANGE_EXPIRATION_MS = TimeUnit.MINUTES.toMillis(15);

    private final ZkClient zk;
    private final TopicManager topicManager;
    private final ReplicaManager replicaManager;
    private final ExecutorService executor;
    /** Znode events only: connection state changes (type None) come through {@link #onConnectionStateChanged}. */
    private final CuratorWatcher watcher = event -> {
        if (event.getType() != Watcher.Event.EventType.None) {
            schedule();
        }
    };
    private final ConnectionStateListener connectionListener = this::onConnectionStateChanged;
    private long lastProcessedSequence = -1;

    public TopicConfigManager(ZkClient zk, TopicManager topicManager, ReplicaManager replicaManager) {
        this.zk = zk;
        this.topicManager = topicManager;
        this.replicaManager = replicaManager;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "config-change-listener");
            t.setDaemon(true);
            return t;
        });
    }

    public void startup() {
        zk.ensurePath(ConfigChangeNotificationZNode.PATH);
        for (String name : zk.children(ConfigChangeNotificationZNode.PATH)) {
            lastProcessedSequence = Math.max(lastProcessedSequence, sequence(name));
        }
        zk.addConnectionStateListener(connectionListener);
        schedule();
    }

    private void onConnectionStateChanged(CuratorFramework client, ConnectionState state) {
        if (state == ConnectionState.RECONNECTED) {
            schedule();
        }
    }

    private void schedule() {
        try {
            executor.execute(this::processNotifications);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private synchronized void processNotifications() {
        List<String> names;
        try {
            names = zk.curator().getChildren().usingWatcher(watcher).forPath(ConfigChangeNotificationZNode.PATH);
        } catch (Exception e) {
            log.warn("Could not read {}: {}", ConfigChangeNotificationZNode.PATH, e.toString());
            return;
        }
        long now = System.currentTimeMillis();
        for (String name : names.stream().filter(n -> n.startsWith(ConfigChangeNotificationZNode.PREFIX)).sorted().toList()) {
            long sequence = sequence(name);
            String path = ConfigChangeNotificationZNode.path(name);
            Stat stat = new Stat();
            byte[] data;
            try {
                data = zk.curator().getData().storingStatIn(stat).forPath(path);
            } catch (KeeperException.NoNodeException e) {
                lastProcessedSequence = Math.max(lastProcessedSequence, sequence); // purged by another broker
                continue;
            } catch (Exception e) {
                // ZooKeeper unreachable: this and later notifications wait for the next change or the reconnection
                log.warn("Could not read the config change notification {}; it is retried on the next change or "
                        + "reconnection: {}", name, e.toString());
                return;
            }
            if (sequence > lastProcessedSequence) {
                try {
                    apply(ConfigChangeNotificationZNode.decode(data));
                } catch (ZkException e) {
                    log.warn("Could not read the config named by the change notification {}; it is retried on the next "
                            + "change or reconnection: {}", name, e.toString());
                    return;
                } catch (RuntimeException e) {
                    log.error("Could not process the config change notification {}: {}", name, e.toString(), e);
                }
                lastProcessedSequence = sequence;
            }
            if (now - stat.getCtime() > CHANGE_EXPIRATION_MS) {
                try {
                    zk.curator().delete().quietly().forPath(path);
                } catch (Exception e) {
                    log.debug("Could not delete the expired config change notification {}: {}", name, e.toString());
                }
            }
        }
    }

    private void apply(ConfigChangeNotificationZNode.Entity entity) {
        if (!entity.type().equals("topics")) {
            log.info("Ignoring a config change of {} {}: only topic configs are dynamic here.", entity.type(), entity.name());
            return;
        }
        log.info("Processing the config change of topic {}.", entity.name());
        replicaManager.updateTopicConfig(entity.name(), topicManager.topicLogConfig(entity.name()));
    }

    private static long sequence(String name) {
        try {
            return Long.parseLong(name.substring(name.lastIndexOf('_') + 1));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        zk.removeConnectionStateListener(connectionListener);
        executor.shutdownNow();
    }
}
