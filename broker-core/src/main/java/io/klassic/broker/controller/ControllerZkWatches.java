package io.klassic.broker.controller;

import io.klassic.zk.BrokerIdZNode;
import io.klassic.zk.ControllerStore;
import io.klassic.zk.ControllerStore.RegisteredBroker;
import io.klassic.zk.DeleteTopicsZNode;
import io.klassic.zk.IsrChangeNotificationZNode;
import io.klassic.zk.PreferredReplicaElectionZNode;
import io.klassic.zk.TopicStore;
import io.klassic.zk.TopicZNode;
import io.klassic.zk.Versioned;
import io.klassic.zk.ZkClient;
import io.klassic.zk.ZkException;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The controller's ZooKeeper reads, each of which arms the one-shot watch that turns the next change into a
 * controller event: children of {@code /brokers/ids}, {@code /brokers/topics}, {@code /admin/delete_topics} and
 * {@code /isr_change_notification}; the data of each {@code /brokers/topics/<t>} (new partitions); the existence of
 * {@code /admin/preferred_replica_election}. One watcher object per path, so that re-arming never doubles a watch.
 * Thread-safe.
 */
final class ControllerZkWatches {
    private static final Logger log = LoggerFactory.getLogger(ControllerZkWatches.class);

    /** The watchers (each queues its event) the controller hands in. */
    record Watchers(CuratorWatcher brokers, CuratorWatcher topics, CuratorWatcher deletions, CuratorWatcher isrChanges,
                    CuratorWatcher preferredElection, Function<String, CuratorWatcher> topicAssignment) {
    }

    private final ZkClient zk;
    private final ControllerStore store;
    private final TopicStore topics;
    private final Watchers watchers;
    private final Map<String, CuratorWatcher> topicWatchers = new ConcurrentHashMap<>();

    ControllerZkWatches(ZkClient zk, ControllerStore store, TopicStore topics, Watchers watchers) {
        this.zk = zk;
        this.store = store;
        this.topics = topics;
        this.watchers = watchers;
    }

    List<RegisteredBroker> brokers() {
        children(BrokerIdZNode.PATH, watchers.brokers());
        return store.registeredBrokers();
    }

    List<String> topics() {
        return children(TopicZNode.PATH, watchers.topics());
    }

    List<String> topicsMarkedForDeletion() {
        return children(DeleteTopicsZNode.PATH, watchers.deletions());
    }

    List<String> isrChangeNotifications() {
        return children(IsrChangeNotificationZNode.PATH, watchers.isrChanges());
    }

    /** The data of {@code /admin/preferred_replica_election}, if it exists. */
    Optional<Versioned<byte[]>> preferredReplicaElection() {
        try {
            if (zk.curator().checkExists().usingWatcher(watchers.preferredElection()).forPath(PreferredReplicaElectionZNode.PATH) == null) {
                return Optional.empty();
            }
        } catch (Exception e) {
            throw new ZkException("Failed to watch " + PreferredReplicaElectionZNode.PATH + ": " + e, PreferredReplicaElectionZNode.PATH, e);
        }
        return zk.readData(PreferredReplicaElectionZNode.PATH);
    }

    /** partition → replicas of a topic; empty when it is gone or unreadable. */
    Optional<Map<Integer, List<Integer>>> assignment(String topic) {
        CuratorWatcher watcher = topicWatchers.computeIfAbsent(topic, watchers.topicAssignment());
        try {
            if (zk.curator().checkExists().usingWatcher(watcher).forPath(TopicZNode.path(topic)) == null) {
                return Optional.empty();
            }
        } catch (Exception e) {
            throw new ZkException("Failed to watch " + TopicZNode.path(topic) + ": " + e, TopicZNode.path(topic), e);
        }
        try {
            return topics.topicAssignment(topic).map(v -> v.value().partitions());
        } catch (RuntimeException e) {
            log.error("Ignoring topic {}: its assignment cannot be read: {}", topic, e.getMessage());
            return Optional.empty();
        }
    }

    /** Forgets the watcher of a topic that is gone. */
    void forgetTopic(String topic) {
        topicWatchers.remove(topic);
    }

    private List<String> children(String path, CuratorWatcher watcher) {
        try {
            return zk.curator().getChildren().usingWatcher(watcher).forPath(path);
        } catch (KeeperException.NoNodeException e) {
            zk.ensurePath(path);
            return children(path, watcher);
        } catch (Exception e) {
            throw new ZkException("Failed to watch the children of " + path + ": " + e, path, e);
        }
    }
}
