package io.klassic.broker.controller;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerIdZNode;
import io.klassic.zk.ControllerMovedException;
import io.klassic.zk.ControllerStore;
import io.klassic.zk.ControllerStore.RegisteredBroker;
import io.klassic.zk.DeleteTopicsZNode;
import io.klassic.zk.IsrChangeNotificationZNode;
import io.klassic.zk.PreferredReplicaElectionZNode;
import io.klassic.zk.TopicAndPartition;
import io.klassic.zk.TopicStore;
import io.klassic.zk.TopicZNode;
import io.klassic.zk.Versioned;
import io.klassic.zk.ZkClient;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The controller, as in Kafka's ZooKeeper mode. Every broker runs one; the one that wins the election on
 * {@code /controller} (see {@link ControllerStore#tryElect}) is active until it loses its session or another
 * broker's epoch fences it. The active controller watches {@code /brokers/ids}, {@code /brokers/topics} (and each
 * topic's assignment), {@code /admin/delete_topics}, {@code /isr_change_notification} and
 * {@code /admin/preferred_replica_election}; rebuilds its {@link ControllerContext} from ZooKeeper when elected;
 * elects leaders ({@link PartitionStateMachine}), moves replicas out of the ISR ({@link ReplicaStateMachine}),
 * deletes topics ({@link TopicDeletionManager}), serves ControlledShutdown, and runs the automatic preferred leader
 * election every {@code leader.imbalance.check.interval.seconds}; it tells the brokers through a
 * {@link ControllerChannel}. Everything runs as events on one thread. Curator's LOST means "no longer controller"
 * (resign at once); RECONNECTED re-reads {@code /controller}. Its state changes go to the state change log; its
 * metrics are the KafkaController gauges ({@link ControllerMetrics}) and the ControllerStats. Thread-safe.
 */
public final class KafkaController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaController.class);

    private final ControllerConfig config;
    private final ZkClient zk;
    private final ControllerStore store;
    private final TopicStore topics;
    private final Supplier<ControllerChannel> channelFactory;
    private final ControllerContext context = new ControllerContext();
    private final PartitionStateMachine partitionStateMachine;
    private final ReplicaStateMachine replicaStateMachine;
    private final TopicDeletionManager deletionManager;
    private final ControllerEventManager events;
    private final ScheduledExecutorService scheduler;
    private final ConnectionStateListener connectionListener = this::onConnectionStateChanged;
    private final ControllerZkWatches watches;
    private final ControllerElector elector;
    private final ControllerStats controllerStats;
    private final ControllerMetrics controllerMetrics;
    private volatile boolean active;
    private volatile int activeControllerId = -1;
    private ControllerChannel channel;
    private ScheduledFuture<?> rebalanceTask;

    public KafkaController(ControllerConfig config, ZkClient zk, Supplier<ControllerChannel> channelFactory, MetricsRegistry metricsRegistry) {
        this.config = config;
        this.controllerStats = new ControllerStats(metricsRegistry);
        this.controllerMetrics = new ControllerMetrics(metricsRegistry, () -> active);
        this.zk = zk;
        this.store = new ControllerStore(zk);
        this.topics = new TopicStore(zk);
        this.channelFactory = channelFactory;
        this.partitionStateMachine = new PartitionStateMachine(config.brokerId(), context, store, topics, this::uncleanLeaderElectionEnabled,
                controllerStats.uncleanLeaderElections);
        this.replicaStateMachine = new ReplicaStateMachine(config.brokerId(), context, store, topics);
        this.deletionManager = new TopicDeletionManager(config.brokerId(), config.deleteTopicEnable(), context, store, partitionStateMachine);
        this.events = new ControllerEventManager("controller-event-thread", this::onEventFailure,
                () -> controllerMetrics.update(context, partitionStateMachine, deletionManager.topicsToBeDeleted()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.elector = new ControllerElector(zk, store, config.brokerId(), onZNodeEvent("ControllerChange", this::elect));
        this.watches = new ControllerZkWatches(zk, store, topics, new ControllerZkWatches.Watchers(
                onZNodeEvent("BrokerChange", this::processBrokerChange),
                onZNodeEvent("TopicChange", this::processTopicChange),
                onZNodeEvent("TopicDeletion", this::processTopicDeletion),
                onZNodeEvent("IsrChangeNotification", this::processIsrChangeNotification),
                onZNodeEvent("PreferredReplicaElection", this::processPreferredReplicaElection),
                topic -> onZNodeEvent("PartitionModifications", () -> processPartitionModifications(topic))));
    }

    /**
     * A watcher that queues the event when its znode changes. ZooKeeper also hands every registered watcher each
     * connection state change (type None: disconnected, reconnected, expired); those are the connection state listener's
     * business (LOST resigns, RECONNECTED re-elects), as in Kafka, whose ZooKeeperClient gives znode handlers node events
     * only. Queued, they would make the controller read ZooKeeper while it is unreachable, holding up the resignation.
     */
    private CuratorWatcher onZNodeEvent(String name, Runnable action) {
        return event -> {
            if (event.getType() != Watcher.Event.EventType.None) {
                events.put(name, action);
            }
        };
    }

    /** Starts the event thread and takes part in the election. */
    public void startup() {
        for (String path : List.of(BrokerIdZNode.PATH, TopicZNode.PATH, DeleteTopicsZNode.PATH, IsrChangeNotificationZNode.PATH)) {
            zk.ensurePath(path);
        }
        zk.addConnectionStateListener(connectionListener);
        events.start();
        events.put("Startup", this::elect);
    }

    public boolean isActive() {
        return active;
    }

    /** The controller's broker id as last read from {@code /controller}, or -1. */
    public int activeControllerId() {
        return activeControllerId;
    }

    /** The epoch of this controller while it is active. */
    public int epoch() {
        return context.epoch();
    }

    /** Moves the leaderships of a broker that wants to shut down; completes with what it still leads, or with an error (never not at all). */
    public CompletableFuture<ControlledShutdownResult> controlledShutdown(int brokerId, long brokerEpoch) {
        CompletableFuture<ControlledShutdownResult> result = new CompletableFuture<>();
        if (!active) {
            result.complete(ControlledShutdownResult.failed(Errors.NOT_CONTROLLER));
            return result;
        }
        events.put("ControlledShutdown", () -> {
            try {
                result.complete(processControlledShutdown(brokerId, brokerEpoch));
            } catch (RuntimeException e) {
                // As Kafka's callback with a Failure: the stopping broker gets an error and retries (NOT_CONTROLLER when another
                // controller's epoch fenced this one's writes); the failure itself is handled as every event's (resigning).
                result.complete(ControlledShutdownResult.failed(e instanceof ControllerMovedException ? Errors.NOT_CONTROLLER : Errors.UNKNOWN_SERVER_ERROR));
                throw e;
            }
        });
        return result;
    }

    /** Stops the event thread and resigns, deleting {@code /controller} so that another broker takes over at once. */
    @Override
    public void close() {
        zk.removeConnectionStateListener(connectionListener);
        events.close();
        scheduler.shutdownNow();
        if (active) {
            resign();
            elector.deleteOwnZNode();
        }
    }

    // ------------------------------------------------------------------------------------------------ election

    private void onConnectionStateChanged(CuratorFramework client, ConnectionState state) {
        if (state == ConnectionState.LOST) {
            events.put("Expire", () -> {
                activeControllerId = -1;
                if (active) {
                    log.warn("[Controller id={}] The ZooKeeper session is lost: resigning as controller.", config.brokerId());
                    resign();
                }
            });
        } else if (state == ConnectionState.RECONNECTED) {
            events.put("Reelect", this::elect);
        }
    }

    /** Reads {@code /controller} (watching it); when it is free tries to win it; resigns if another broker holds it. */
    private void elect() {
        ControllerElector.Outcome outcome = elector.elect();
        activeControllerId = outcome.activeControllerId();
        if (outcome.won().isPresent()) {
            if (active) {
                // /controller vanished under an active controller and it won again: start over at the new epoch.
                resign();
            }
            onControllerFailover(outcome.won().get());
            return;
        }
        if (active && outcome.activeControllerId() != config.brokerId()) {
            log.info("[Controller id={}] Broker {} is controller now: resigning.", config.brokerId(), outcome.activeControllerId());
            resign();
        }
    }

    private void onControllerFailover(ControllerStore.Election election) {
        log.info("[Controller id={}] Elected as controller with epoch {}; reading the cluster state from ZooKeeper.",
                config.brokerId(), election.epoch());
        long start = System.nanoTime();
        context.clear();
        context.setEpoch(election.epoch(), election.epochZkVersion());
        channel = channelFactory.get();
        active = true;
        try {
            for (RegisteredBroker broker : watches.brokers()) {
                context.addLiveBroker(broker);
                channel.addBroker(broker.info());
            }
            for (String topic : watches.topics()) {
                watches.assignment(topic).ifPresent(assignment -> context.putAssignment(topic, assignment));
                for (TopicPartition tp : context.partitions(topic)) {
                    topics.partitionState(tp.topic(), tp.partition()).ifPresent(state -> context.putLeadership(tp, state));
                }
            }
            deletionManager.enqueue(watches.topicsMarkedForDeletion());
            ControllerBrokerRequestBatch batch = newBatch();
            batch.addUpdateMetadata(context.liveBrokerIds(), context.allPartitions());
            partitionStateMachine.initialize();
            replicaStateMachine.onReplicasOnline(context.liveBrokerIds(), deletionManager.topicsToBeDeleted(), batch);
            partitionStateMachine.triggerOnlinePartitionStateChange(deletionManager.topicsToBeDeleted(), batch);
            // Replicas on brokers that died before this controller was elected leave the ISRs now.
            Set<Integer> offlineBrokers = new TreeSet<>();
            Set<TopicPartition> withOfflineReplicas = new HashSet<>();
            for (TopicPartition tp : context.allPartitions()) {
                for (int replica : context.replicas(tp)) {
                    if (context.liveBroker(replica).isEmpty() && !deletionManager.isQueued(tp.topic())) {
                        offlineBrokers.add(replica);
                        withOfflineReplicas.add(tp);
                    }
                }
            }
            replicaStateMachine.onReplicasOffline(offlineBrokers, withOfflineReplicas, batch);
            send(batch);
            resumeDeletion();
            processIsrChangeNotification();
            processPreferredReplicaElection();
            if (config.autoLeaderRebalanceEnable()) {
                long interval = config.leaderImbalanceCheckIntervalMs();
                rebalanceTask = scheduler.scheduleWithFixedDelay(() -> events.put("AutoPreferredReplicaLeaderElection",
                        this::processAutoPreferredReplicaLeaderElection), interval, interval, TimeUnit.MILLISECONDS);
            }
            log.info("[Controller id={}] Ready as controller (epoch {}) in {} ms: {} live brokers {}, {} topics.", config.brokerId(),
                    election.epoch(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), context.liveBrokerIds().size(),
                    context.liveBrokerIds(), context.allTopics().size());
        } catch (ControllerMovedException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("[Controller id={}] Failed to take over as controller; giving up the controllership.", config.brokerId(), e);
            triggerControllerMove();
        }
    }

    /** Stops acting as controller: no timers, no connections, no state. */
    private void resign() {
        active = false;
        if (rebalanceTask != null) {
            rebalanceTask.cancel(false);
            rebalanceTask = null;
        }
        if (channel != null) {
            channel.close();
            channel = null;
        }
        deletionManager.clear();
        partitionStateMachine.clear();
        context.clear();
        log.info("[Controller id={}] Resigned as controller.", config.brokerId());
    }

    /** Resigns and deletes {@code /controller} (if this session holds it) so that another election happens. */
    private void triggerControllerMove() {
        resign();
        elector.deleteOwnZNode();
    }

    private void onEventFailure(RuntimeException e) {
        if (e instanceof ControllerMovedException) {
            log.warn("[Controller id={}] {} Resigning.", config.brokerId(), e.getMessage());
            if (active) {
                resign();
            }
            // If /controller still names this session, another election must happen for the cluster to have a controller.
            elector.deleteOwnZNode();
            events.put("Reelect", this::elect);
        } else {
            log.error("[Controller id={}] A controller event failed: {}", config.brokerId(), e.toString(), e);
        }
    }

    // ----------------------------------------------------------------------------------------------- brokers

    private void processBrokerChange() {
        if (active) {
            controllerStats.leaderElectionRateAndTime.time(this::onBrokerChange);
        }
    }

    private void onBrokerChange() {
        Map<Integer, RegisteredBroker> current = new HashMap<>();
        for (RegisteredBroker broker : watches.brokers()) {
            current.put(broker.id(), broker);
        }
        Set<Integer> dead = new TreeSet<>();
        Set<Integer> started = new TreeSet<>();
        for (RegisteredBroker live : List.copyOf(context.liveBrokers())) {
            RegisteredBroker now = current.get(live.id());
            if (now == null) {
                dead.add(live.id());
            } else if (now.epoch() != live.epoch()) {
                dead.add(live.id());
                started.add(live.id());
            }
        }
        for (Integer id : current.keySet()) {
            if (context.liveBroker(id).isEmpty()) {
                started.add(id);
            }
        }
        if (dead.isEmpty() && started.isEmpty()) {
            return;
        }
        log.info("[Controller id={}] Broker change: failed {}, started {} (live before: {}).", config.brokerId(), dead, started, context.liveBrokerIds());
        for (int id : dead) {
            context.removeLiveBroker(id);
            channel.removeBroker(id);
        }
        if (!dead.isEmpty()) {
            onBrokerFailure(dead);
        }
        for (int id : started) {
            context.addLiveBroker(current.get(id));
            channel.addBroker(current.get(id).info());
        }
        if (!started.isEmpty()) {
            onBrokerStartup(started);
        }
    }

    private void onBrokerStartup(Set<Integer> started) {
        ControllerBrokerRequestBatch batch = newBatch();
        batch.addUpdateMetadata(context.liveBrokerIds(), context.allPartitions());
        replicaStateMachine.onReplicasOnline(started, deletionManager.topicsToBeDeleted(), batch);
        partitionStateMachine.triggerOnlinePartitionStateChange(deletionManager.topicsToBeDeleted(), batch);
        send(batch);
        resumeDeletion();
    }

    private void onBrokerFailure(Set<Integer> dead) {
        deletionManager.onBrokersFailed(dead);
        Set<TopicPartition> ledByDead = new HashSet<>();
        Set<TopicPartition> onDead = new HashSet<>();
        for (TopicPartition tp : context.allPartitions()) {
            if (deletionManager.isQueued(tp.topic())) {
                continue;
            }
            if (dead.contains(context.leader(tp))) {
                ledByDead.add(tp);
            }
            if (context.replicas(tp).stream().anyMatch(dead::contains)) {
                onDead.add(tp);
            }
        }
        ControllerBrokerRequestBatch batch = newBatch();
        partitionStateMachine.markOffline(ledByDead);
        partitionStateMachine.triggerOnlinePartitionStateChange(deletionManager.topicsToBeDeleted(), batch);
        replicaStateMachine.onReplicasOffline(dead, onDead, batch);
        batch.addUpdateMetadata(context.liveBrokerIds(), List.of());
        send(batch);
    }

    private ControlledShutdownResult processControlledShutdown(int brokerId, long brokerEpoch) {
        if (!active) {
            return ControlledShutdownResult.failed(Errors.NOT_CONTROLLER);
        }
        if (context.liveBroker(brokerId).isEmpty()) {
            return ControlledShutdownResult.failed(Errors.BROKER_NOT_AVAILABLE);
        }
        if (brokerEpoch != -1 && brokerEpoch < context.brokerEpoch(brokerId)) {
            return ControlledShutdownResult.failed(Errors.STALE_BROKER_EPOCH);
        }
        log.info("[Controller id={}] Broker {} is shutting down: moving its leaderships.", config.brokerId(), brokerId);
        context.shuttingDownBrokers().add(brokerId);
        List<TopicPartition> led = new ArrayList<>();
        List<TopicPartition> followed = new ArrayList<>();
        for (TopicPartition tp : context.partitionsOnBroker(brokerId)) {
            if (deletionManager.isQueued(tp.topic()) || context.replicas(tp).size() <= 1 || context.leadership(tp).isEmpty()) {
                continue;
            }
            (context.leader(tp) == brokerId ? led : followed).add(tp);
        }
        ControllerBrokerRequestBatch batch = newBatch();
        partitionStateMachine.electLeaders(led, PartitionStateMachine.Election.CONTROLLED_SHUTDOWN, batch);
        for (TopicPartition tp : followed) {
            batch.addStopReplica(brokerId, tp, context.leadership(tp).get().value().leaderEpoch(), false);
        }
        replicaStateMachine.onReplicasOffline(Set.of(brokerId), followed, batch);
        send(batch);
        Set<TopicPartition> remaining = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        for (TopicPartition tp : context.partitionsLedBy(brokerId)) {
            if (context.replicas(tp).size() > 1 && !deletionManager.isQueued(tp.topic())) {
                remaining.add(tp);
            }
        }
        log.info("[Controller id={}] Broker {} still leads {} replicated partitions after the controlled shutdown step: {}",
                config.brokerId(), brokerId, remaining.size(), remaining);
        return new ControlledShutdownResult(Errors.NONE, remaining);
    }

    // ------------------------------------------------------------------------------------------------ topics

    private void processTopicChange() {
        if (!active) {
            return;
        }
        Set<String> inZk = new TreeSet<>(watches.topics());
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : inZk) {
            if (!context.hasTopic(topic)) {
                Optional<Map<Integer, List<Integer>>> assignment = watches.assignment(topic);
                if (assignment.isPresent()) {
                    context.putAssignment(topic, assignment.get());
                    added.addAll(context.partitions(topic));
                    log.info("[Controller id={}] New topic {} with assignment {}", config.brokerId(), topic, assignment.get());
                }
            }
        }
        for (String topic : List.copyOf(context.allTopics())) {
            if (!inZk.contains(topic) && !deletionManager.isQueued(topic)) {
                partitionStateMachine.remove(context.partitions(topic));
                context.removeTopic(topic);
                watches.forgetTopic(topic);
            }
        }
        onNewPartitions(added);
    }

    private void processPartitionModifications(String topic) {
        if (!active || !context.hasTopic(topic)) {
            return;
        }
        Optional<Map<Integer, List<Integer>>> assignment = watches.assignment(topic);
        if (assignment.isEmpty()) {
            return;
        }
        Map<Integer, List<Integer>> added = new HashMap<>();
        assignment.get().forEach((p, replicas) -> {
            if (!context.assignment(topic).containsKey(p)) {
                added.put(p, replicas);
            }
        });
        if (added.isEmpty()) {
            return;
        }
        if (deletionManager.isQueued(topic)) {
            log.info("[Controller id={}] Ignoring new partitions {} of topic {}: it is being deleted.", config.brokerId(), added.keySet(), topic);
            return;
        }
        log.info("[Controller id={}] New partitions of topic {}: {}", config.brokerId(), topic, added);
        context.putAssignment(topic, added);
        onNewPartitions(added.keySet().stream().map(p -> new TopicPartition(topic, p)).toList());
    }

    private void onNewPartitions(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        ControllerBrokerRequestBatch batch = newBatch();
        partitionStateMachine.markNew(partitions);
        partitionStateMachine.initializeLeaders(partitions, batch);
        send(batch);
    }

    private void processTopicDeletion() {
        if (!active) {
            return;
        }
        deletionManager.enqueue(watches.topicsMarkedForDeletion());
        resumeDeletion();
    }

    private void resumeDeletion() {
        ControllerBrokerRequestBatch batch = newBatch();
        deletionManager.resume(batch);
        send(batch);
    }

    private void onStopReplicaResponse(int broker, Struct response) {
        events.put("TopicDeletionStopReplicaResponseReceived", () -> {
            if (active) {
                deletionManager.onStopReplicaResponse(broker, response);
                resumeDeletion();
            }
        });
    }

    private void processIsrChangeNotification() {
        if (!active) {
            return;
        }
        List<String> names = watches.isrChangeNotifications().stream()
                .filter(n -> n.startsWith(IsrChangeNotificationZNode.PREFIX)).sorted().toList();
        if (names.isEmpty()) {
            return;
        }
        Set<TopicPartition> changed = new HashSet<>();
        for (String name : names) {
            zk.readData(IsrChangeNotificationZNode.path(name)).ifPresent(data -> {
                try {
                    for (TopicAndPartition tp : IsrChangeNotificationZNode.decode(data.value())) {
                        changed.add(new TopicPartition(tp.topic(), tp.partition()));
                    }
                } catch (RuntimeException e) {
                    log.warn("[Controller id={}] Ignoring the malformed ISR change notification {}: {}", config.brokerId(), name, e.getMessage());
                }
            });
        }
        changed.removeIf(tp -> !context.hasTopic(tp.topic()) || deletionManager.isQueued(tp.topic()));
        for (TopicPartition tp : changed) {
            topics.partitionState(tp.topic(), tp.partition()).ifPresent(state -> context.putLeadership(tp, state));
        }
        ControllerBrokerRequestBatch batch = newBatch();
        batch.addUpdateMetadata(context.liveBrokerIds(), changed);
        send(batch);
        store.deleteIsrChangeNotifications(context.epochZkVersion(), names);
    }

    // ------------------------------------------------------------------------------------ preferred leaders

    private void processPreferredReplicaElection() {
        if (!active) {
            return;
        }
        Optional<Versioned<byte[]>> data = watches.preferredReplicaElection();
        if (data.isEmpty()) {
            return;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        try {
            for (TopicAndPartition tp : PreferredReplicaElectionZNode.decode(data.get().value())) {
                TopicPartition partition = new TopicPartition(tp.topic(), tp.partition());
                if (!context.replicas(partition).isEmpty() && !deletionManager.isQueued(tp.topic())) {
                    partitions.add(partition);
                }
            }
        } catch (RuntimeException e) {
            log.warn("[Controller id={}] Ignoring the malformed {}: {}", config.brokerId(), PreferredReplicaElectionZNode.PATH, e.getMessage());
        }
        ControllerBrokerRequestBatch batch = newBatch();
        Set<TopicPartition> failed = partitionStateMachine.electLeaders(partitions, PartitionStateMachine.Election.PREFERRED, batch);
        send(batch);
        if (!failed.isEmpty()) {
            log.warn("[Controller id={}] The preferred replica of {} is not online or not in sync.", config.brokerId(), failed);
        }
        store.deletePreferredReplicaElection(context.epochZkVersion());
    }

    /** Gives leadership back to preferred replicas on brokers whose imbalance is above the configured percentage. */
    private void processAutoPreferredReplicaLeaderElection() {
        if (!active) {
            return;
        }
        List<TopicPartition> candidates = LeaderImbalance.partitionsToRebalance(context, deletionManager.topicsToBeDeleted(),
                config.leaderImbalancePerBrokerPercentage());
        if (!candidates.isEmpty()) {
            log.info("[Controller id={}] Leader imbalance: moving leadership of {} back to the preferred replicas.", config.brokerId(), candidates);
            ControllerBrokerRequestBatch batch = newBatch();
            partitionStateMachine.electLeaders(candidates, PartitionStateMachine.Election.PREFERRED, batch);
            send(batch);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private boolean uncleanLeaderElectionEnabled(String topic) {
        String value = topics.topicConfig(topic).get("unclean.leader.election.enable");
        return value == null ? config.uncleanLeaderElectionEnable() : Boolean.parseBoolean(value.trim());
    }

    private ControllerBrokerRequestBatch newBatch() {
        return new ControllerBrokerRequestBatch(config.brokerId(), config.interBrokerListener());
    }

    private void send(ControllerBrokerRequestBatch batch) {
        if (channel != null && !batch.isEmpty()) {
            batch.send(context, channel, deletionManager.topicsToBeDeleted(), this::onStopReplicaResponse);
        }
    }
}
