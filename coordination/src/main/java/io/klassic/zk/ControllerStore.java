package io.klassic.zk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's ZooKeeper operations, as Kafka's {@code KafkaZkClient} does them in ZooKeeper mode.
 *
 * <p><b>Election.</b> {@link #tryElect} creates the ephemeral {@code /controller} and increments
 * {@code /controller_epoch} in one multi-op whose {@code setData} names the epoch znode's version, so that two
 * brokers can never both win the same epoch; the new epoch and the epoch znode's new version are returned.
 *
 * <p><b>Fencing.</b> Every write the controller makes afterwards ({@code fenced*}, {@code create/update
 * PartitionState}, {@code delete*}) is a multi-op that starts with a {@code check} of {@code /controller_epoch}'s
 * version: once another broker has been elected (and bumped the version), the write fails as a whole with a
 * {@link ControllerMovedException}, even if this broker's session has not noticed yet (KAFKA-6082).
 *
 * <p>Thread-safe (every method is a self-contained ZooKeeper exchange).
 */
public final class ControllerStore {

    private static final Logger log = LoggerFactory.getLogger(ControllerStore.class);
    private static final int MAX_ELECTION_ATTEMPTS = 10;

    /** A won election: the new controller epoch and the version of {@code /controller_epoch} that fences writes. */
    public record Election(int epoch, int epochZkVersion) {
    }

    /** A registered broker with its epoch: the creation zxid of its {@code /brokers/ids/<id>} znode. */
    public record RegisteredBroker(BrokerInfo info, long epoch) {
        public int id() {
            return info.id();
        }
    }

    private final ZkClient zk;

    public ControllerStore(ZkClient zk) {
        this.zk = zk;
    }

    /** The id of the broker holding {@code /controller}, or -1 when there is none. */
    public int activeControllerId() {
        return zk.readData(ControllerZNode.PATH).map(v -> ControllerZNode.decode(v.value())).orElse(-1);
    }

    /** The controller epoch and the version of its znode, if the znode exists. */
    public Optional<Versioned<Integer>> controllerEpoch() {
        return zk.readData(ControllerEpochZNode.PATH).map(v -> new Versioned<>(ControllerEpochZNode.decode(v.value()), v.zkVersion()));
    }

    /**
     * Tries to become controller: creates {@code /controller} for {@code brokerId} and increments
     * {@code /controller_epoch} atomically.
     *
     * @return the election, or empty when another broker (or another session of this broker) holds {@code /controller}
     */
    public Optional<Election> tryElect(int brokerId) {
        CuratorFramework curator = zk.curator();
        for (int attempt = 0; attempt < MAX_ELECTION_ATTEMPTS; attempt++) {
            Optional<Versioned<Integer>> current = controllerEpoch();
            if (current.isEmpty()) {
                try {
                    curator.create().creatingParentsIfNeeded().forPath(ControllerEpochZNode.PATH,
                            ControllerEpochZNode.encode(ControllerEpochZNode.INITIAL_CONTROLLER_EPOCH));
                } catch (KeeperException.NodeExistsException e) {
                    // created concurrently: read it again
                } catch (Exception e) {
                    throw ZkException.wrap("create", ControllerEpochZNode.PATH, e);
                }
                continue;
            }
            int epoch = current.get().value() + 1;
            try {
                List<CuratorTransactionResult> results = curator.transaction().forOperations(
                        curator.transactionOp().create().withMode(CreateMode.EPHEMERAL)
                                .forPath(ControllerZNode.PATH, ControllerZNode.encode(brokerId, System.currentTimeMillis())),
                        curator.transactionOp().setData().withVersion(current.get().zkVersion())
                                .forPath(ControllerEpochZNode.PATH, ControllerEpochZNode.encode(epoch)));
                int version = results.get(1).getResultStat().getVersion();
                log.info("Broker {} registered as controller with epoch {} (controller epoch znode version {}).", brokerId, epoch, version);
                return Optional.of(new Election(epoch, version));
            } catch (KeeperException e) {
                if (failedOp(e) == 0) {
                    return alreadyOurs(brokerId);
                }
                log.debug("{} changed while electing broker {}; retrying.", ControllerEpochZNode.PATH, brokerId);
            } catch (Exception e) {
                throw ZkException.wrap("register as controller at", ControllerZNode.PATH, e);
            }
        }
        throw new ZkException("Broker " + brokerId + " could not increment " + ControllerEpochZNode.PATH + " after "
                + MAX_ELECTION_ATTEMPTS + " attempts: it keeps changing.", ControllerEpochZNode.PATH);
    }

    /** When {@code /controller} exists: an election of our own session (a retried create) still counts. */
    private Optional<Election> alreadyOurs(int brokerId) {
        try {
            Stat stat = new Stat();
            byte[] data = zk.curator().getData().storingStatIn(stat).forPath(ControllerZNode.PATH);
            long session = zk.sessionId();
            if (session != 0 && stat.getEphemeralOwner() == session && ControllerZNode.decode(data) == brokerId) {
                return controllerEpoch().map(v -> new Election(v.value(), v.zkVersion()));
            }
            return Optional.empty();
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw ZkException.wrap("read", ControllerZNode.PATH, e);
        }
    }

    /** The registered brokers with their epochs, sorted by id. */
    public List<RegisteredBroker> registeredBrokers() {
        List<RegisteredBroker> brokers = new ArrayList<>();
        for (String child : zk.children(BrokerIdZNode.PATH)) {
            int id;
            try {
                id = Integer.parseInt(child);
            } catch (NumberFormatException e) {
                continue;
            }
            String path = BrokerIdZNode.path(id);
            try {
                Stat stat = new Stat();
                byte[] data = zk.curator().getData().storingStatIn(stat).forPath(path);
                brokers.add(new RegisteredBroker(BrokerIdZNode.decode(id, data), stat.getCzxid()));
            } catch (KeeperException.NoNodeException e) {
                // went away in between
            } catch (Exception e) {
                throw ZkException.wrap("read", path, e);
            }
        }
        brokers.sort(Comparator.comparingInt(RegisteredBroker::id));
        return brokers;
    }

    // ------------------------------------------------------------------------------------------- fenced writes

    /**
     * Creates the state znodes of new partitions of {@code topic} (and their parents), each in a fenced multi-op.
     *
     * @return partition → the new state znode's version (0); a partition whose state znode existed already is left
     *         out (a concurrent or retried creation)
     * @throws ControllerMovedException if another controller has been elected
     */
    public Map<Integer, Integer> createPartitionStates(int epochZkVersion, String topic, Map<Integer, LeaderIsrAndControllerEpoch> states) {
        fencedCreateIfMissing(epochZkVersion, TopicPartitionStateZNode.partitionsPath(topic));
        Map<Integer, Integer> created = new LinkedHashMap<>();
        for (Map.Entry<Integer, LeaderIsrAndControllerEpoch> entry : states.entrySet()) {
            int partition = entry.getKey();
            fencedCreateIfMissing(epochZkVersion, TopicPartitionStateZNode.partitionPath(topic, partition));
            String path = TopicPartitionStateZNode.path(topic, partition);
            CuratorFramework curator = zk.curator();
            try {
                List<CuratorTransactionResult> results = fenced(epochZkVersion, path,
                        op(path, () -> curator.transactionOp().create().forPath(path, TopicPartitionStateZNode.encode(entry.getValue()))));
                Stat stat = results.get(1).getResultStat();
                created.put(partition, stat == null ? 0 : stat.getVersion());
            } catch (ZkException e) {
                if (e.code() != KeeperException.Code.NODEEXISTS) {
                    throw e;
                }
                log.info("The state of {}-{} exists already; not creating it.", topic, partition);
            }
        }
        return created;
    }

    /**
     * Replaces a partition's leader and ISR if its state znode still has {@code expectedZkVersion}.
     *
     * @return the state znode's new version
     * @throws ControllerMovedException if another controller has been elected
     * @throws ZkException with code {@code BADVERSION} when the state changed since it was read (a leader's ISR
     *                     update), {@code NONODE} when it does not exist
     */
    public int updatePartitionState(int epochZkVersion, String topic, int partition, LeaderIsrAndControllerEpoch state, int expectedZkVersion) {
        String path = TopicPartitionStateZNode.path(topic, partition);
        List<CuratorTransactionResult> results = fenced(epochZkVersion, path,
                op(path, () -> zk.curator().transactionOp().setData().withVersion(expectedZkVersion).forPath(path, TopicPartitionStateZNode.encode(state))));
        return results.get(1).getResultStat().getVersion();
    }

    /**
     * Deletes a deleted topic's znodes: {@code /brokers/topics/<t>} with everything below it, then
     * {@code /config/topics/<t>}, then the marker {@code /admin/delete_topics/<t>}; fenced, missing znodes are fine.
     */
    public void deleteTopic(int epochZkVersion, String topic) {
        fencedDeleteRecursive(epochZkVersion, TopicZNode.path(topic));
        fencedDeleteRecursive(epochZkVersion, TopicConfigZNode.path(topic));
        fencedDeleteRecursive(epochZkVersion, DeleteTopicsZNode.path(topic));
        log.info("Deleted the znodes of topic {}.", topic);
    }

    /** Deletes the deletion marker of a topic (for a topic that does not exist, or when deletion is disabled). */
    public void deleteTopicDeletionMarker(int epochZkVersion, String topic) {
        fencedDeleteRecursive(epochZkVersion, DeleteTopicsZNode.path(topic));
    }

    /** Deletes processed ISR change notifications by name. */
    public void deleteIsrChangeNotifications(int epochZkVersion, Collection<String> names) {
        for (String name : names) {
            fencedDeleteRecursive(epochZkVersion, IsrChangeNotificationZNode.path(name));
        }
    }

    /** Deletes {@code /admin/preferred_replica_election} once the elections it asked for are done. */
    public void deletePreferredReplicaElection(int epochZkVersion) {
        fencedDeleteRecursive(epochZkVersion, PreferredReplicaElectionZNode.PATH);
    }

    /** Creates an empty persistent znode unless it exists, fenced. */
    public void fencedCreateIfMissing(int epochZkVersion, String path) {
        if (zk.exists(path)) {
            return;
        }
        try {
            fenced(epochZkVersion, path, op(path, () -> zk.curator().transactionOp().create().forPath(path, new byte[0])));
        } catch (ControllerMovedException e) {
            throw e;
        } catch (ZkException e) {
            if (e.code() != KeeperException.Code.NODEEXISTS) {
                throw e;
            }
        }
    }

    /** Deletes {@code path} and everything below it in one fenced multi-op, children first; missing is fine. */
    public void fencedDeleteRecursive(int epochZkVersion, String path) {
        for (int attempt = 0; attempt < 5; attempt++) {
            List<String> postOrder = new ArrayList<>();
            collectPostOrder(path, postOrder);
            if (postOrder.isEmpty()) {
                return;
            }
            List<CuratorOp> ops = new ArrayList<>();
            for (String p : postOrder) {
                ops.add(op(p, () -> zk.curator().transactionOp().delete().forPath(p)));
            }
            try {
                fenced(epochZkVersion, path, ops.toArray(new CuratorOp[0]));
                return;
            } catch (ControllerMovedException e) {
                throw e;
            } catch (ZkException e) {
                if (e.code() != KeeperException.Code.NONODE && e.code() != KeeperException.Code.NOTEMPTY) {
                    throw e;
                }
                // the tree changed while we deleted it: list it again
            }
        }
        throw new ZkException("Could not delete " + path + ": it keeps changing.", path);
    }

    private void collectPostOrder(String path, List<String> out) {
        if (!zk.exists(path)) {
            return;
        }
        for (String child : zk.children(path)) {
            collectPostOrder(path + "/" + child, out);
        }
        out.add(path);
    }

    /**
     * Runs {@code ops} in one multi-op after a check that {@code /controller_epoch} still has {@code epochZkVersion}.
     *
     * @return the results, the check's first
     * @throws ControllerMovedException if the check failed
     * @throws ZkException naming ZooKeeper's error code if one of {@code ops} failed
     */
    public List<CuratorTransactionResult> fenced(int epochZkVersion, String what, CuratorOp... ops) {
        CuratorFramework curator = zk.curator();
        List<CuratorOp> all = new ArrayList<>(ops.length + 1);
        try {
            all.add(curator.transactionOp().check().withVersion(epochZkVersion).forPath(ControllerEpochZNode.PATH));
        } catch (Exception e) {
            throw ZkException.wrap("check", ControllerEpochZNode.PATH, e);
        }
        all.addAll(List.of(ops));
        try {
            return curator.transaction().forOperations(all);
        } catch (KeeperException e) {
            int failed = failedOp(e);
            if (failed == 0) {
                throw new ControllerMovedException("The controller epoch znode " + ControllerEpochZNode.PATH
                        + " no longer has version " + epochZkVersion + ": another broker is controller now, so " + what
                        + " was not written.", ControllerEpochZNode.PATH);
            }
            throw new ZkException("Failed to write " + what + ": " + e.code() + ".", what, e);
        } catch (Exception e) {
            throw ZkException.wrap("write", what, e);
        }
    }

    /** A multi-op operation built by Curator (whose builders declare {@code Exception}). */
    public static CuratorOp op(String path, java.util.concurrent.Callable<CuratorOp> builder) {
        try {
            return builder.call();
        } catch (Exception e) {
            throw ZkException.wrap("prepare an operation on", path, e);
        }
    }

    /** The index of the operation of a failed multi-op that caused the failure, or -1 when unknown. */
    private static int failedOp(KeeperException e) {
        List<OpResult> results = e.getResults();
        if (results == null) {
            return -1;
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.ErrorResult error && error.getErr() != KeeperException.Code.OK.intValue()
                    && error.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                return i;
            }
        }
        return -1;
    }
}
