package io.klassic.broker;

import io.klassic.broker.group.CoordinatorScheduler;
import io.klassic.broker.group.GroupConfig;
import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.group.GroupMetadataManager;
import io.klassic.broker.controller.BrokerControlledShutdown;
import io.klassic.broker.controller.ControllerChannelManager;
import io.klassic.broker.controller.ControllerConfig;
import io.klassic.broker.controller.KafkaController;
import io.klassic.broker.handlers.AlterConfigsHandler;
import io.klassic.broker.handlers.ApiVersionsHandler;
import io.klassic.broker.handlers.ControlledShutdownHandler;
import io.klassic.broker.handlers.CreatePartitionsHandler;
import io.klassic.broker.handlers.DescribeClusterHandler;
import io.klassic.broker.handlers.DescribeConfigsHandler;
import io.klassic.broker.handlers.IncrementalAlterConfigsHandler;
import io.klassic.broker.handlers.LeaderAndIsrHandler;
import io.klassic.broker.handlers.StopReplicaHandler;
import io.klassic.broker.handlers.UpdateMetadataHandler;
import io.klassic.broker.handlers.DeleteGroupsHandler;
import io.klassic.broker.handlers.DescribeGroupsHandler;
import io.klassic.broker.handlers.FindCoordinatorHandler;
import io.klassic.broker.handlers.HeartbeatHandler;
import io.klassic.broker.handlers.JoinGroupHandler;
import io.klassic.broker.handlers.LeaveGroupHandler;
import io.klassic.broker.handlers.ListGroupsHandler;
import io.klassic.broker.handlers.OffsetCommitHandler;
import io.klassic.broker.handlers.OffsetDeleteHandler;
import io.klassic.broker.handlers.OffsetFetchHandler;
import io.klassic.broker.handlers.SyncGroupHandler;
import io.klassic.broker.handlers.CreateTopicsHandler;
import io.klassic.broker.handlers.DeleteRecordsHandler;
import io.klassic.broker.handlers.DeleteTopicsHandler;
import io.klassic.broker.handlers.FetchHandler;
import io.klassic.broker.handlers.InitProducerIdHandler;
import io.klassic.broker.handlers.ListOffsetsHandler;
import io.klassic.broker.handlers.MetadataHandler;
import io.klassic.broker.handlers.ProduceHandler;
import io.klassic.broker.handlers.OffsetForLeaderEpochHandler;
import io.klassic.broker.metrics.KafkaMetricsGroup;
import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.broker.network.RequestChannelMetrics;
import io.klassic.broker.replica.ReplicaFetcherConfig;
import io.klassic.broker.replica.ReplicaFetcherManager;
import io.klassic.broker.replica.ZkIsrUpdater;
import io.klassic.broker.network.RequestDispatcher;
import io.klassic.broker.network.SocketServer;
import io.klassic.broker.server.DelayedOperationPurgatory;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.broker.server.TopicConfigManager;
import io.klassic.broker.server.TopicManager;
import io.klassic.log.LogConfig;
import io.klassic.log.KafkaScheduler;
import io.klassic.log.LogManager;
import io.klassic.log.LogManagerConfig;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.BrokerRegistration;
import io.klassic.zk.ClusterIdManager;
import io.klassic.zk.EndPoint;
import io.klassic.zk.ProducerIdManager;
import io.klassic.zk.TopicStore;
import io.klassic.zk.ZkClient;
import io.klassic.zk.ZkConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One broker's lifecycle: connect to ZooKeeper, check the cluster identity of every log directory, open the
 * logs, bind the listeners, load the topics, register in {@code /brokers/ids}, take part in the controller
 * election; and the reverse on shutdown, which leaves a clean-shutdown marker so the next start skips recovery. Its
 * metrics are registered on the platform MBean server (exported over JMX when {@code JMX_PORT} is set) while it runs.
 * Thread-safe start/stop.
 */
public final class KafkaServer {
    private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);

    /** With Kafka's {@code BrokerState} values, shown by the kafka.server:type=KafkaServer,name=BrokerState gauge. */
    private enum State {
        NOT_RUNNING(0), STARTING(1), RUNNING(3), SHUTTING_DOWN(7);

        final int value;

        State(int value) {
            this.value = value;
        }
    }

    private final KafkaConfig config;
    private final AtomicReference<State> state = new AtomicReference<>(State.NOT_RUNNING);
    private final List<SocketServer> socketServers = new ArrayList<>();
    private ZkClient zk;
    private LogManager logManager;
    private ExecutorService requestPool;
    private ScheduledExecutorService scheduler;
    private KafkaScheduler logScheduler;
    private BrokerRegistration registration;
    private KafkaController controller;
    private TopicConfigManager topicConfigManager;
    private GroupCoordinator groupCoordinator;
    private ExecutorService groupLoader;
    private int brokerId;
    private ReplicaFetcherManager replicaFetcherManager;
    private ReplicaManager replicaManager;
    private ScheduledExecutorService isrExpiration;
    private MetricsRegistry metrics;

    public KafkaServer(KafkaConfig config) {
        this.config = config;
    }

    public int brokerId() {
        return brokerId;
    }

    public synchronized void startup() throws Exception {
        if (!state.compareAndSet(State.NOT_RUNNING, State.STARTING)) {
            throw new IllegalStateException("The broker is already " + state.get());
        }
        for (String key : config.unknownKeys()) {
            log.warn("The configuration '{}' was supplied but isn't a known config.", key);
        }
        zk = new ZkClient(ZkConfig.of(config.zkConnect(), config.zkSessionTimeoutMs(), config.zkConnectionTimeoutMs()));
        zk.start();
        String clusterId = ClusterIdManager.getOrCreate(zk);
        List<File> logDirs = config.logDirs().stream().map(File::new).toList();
        brokerId = LogDirIdentity.checkAndStore(logDirs, config.brokerId(), clusterId, zk, config.getInt("reserved.broker.max.id"));
        log.info("Starting broker {} of cluster {}", brokerId, clusterId);

        LogConfig defaults = LogConfig.fromProps(config.logConfigDefaults(), LogConfig.defaults());
        // Roll flushes (fsync), retention, deletions and the cleaner run on their own scheduler, never on the purgatory timer.
        logScheduler = new KafkaScheduler(config.getInt("background.threads"), "kafka-scheduler-");
        logManager = new LogManager(logDirs, defaults, System::currentTimeMillis, LogManagerConfig.fromProps(config.originals()), logScheduler);
        logManager.startup();

        scheduler = Executors.newScheduledThreadPool(1, daemonThreads("kafka-delayed-operation-timer-"));
        requestPool = Executors.newFixedThreadPool(config.numIoThreads(), daemonThreads("data-plane-kafka-request-handler-"));
        MetadataCache cache = new MetadataCache(clusterId);
        metrics = MetricsRegistry.platform();
        new KafkaMetricsGroup(metrics, "kafka.server", "KafkaServer").newGauge("BrokerState", () -> state.get().value, java.util.Map.of());
        ReplicaManager replicaManager = new ReplicaManager(brokerId, logManager, scheduler, metrics);
        this.replicaManager = replicaManager;
        String interBrokerListenerForFetchers = interBrokerListenerName();
        replicaFetcherManager = new ReplicaFetcherManager(ReplicaFetcherConfig.from(config, brokerId), replicaManager,
                id -> cache.broker(id).flatMap(b -> b.endpoint(interBrokerListenerForFetchers))
                        .map(e -> InetSocketAddress.createUnresolved(e.host(), e.port())));
        replicaManager.configureReplication(new ZkIsrUpdater(zk, replicaManager::controllerEpoch), replicaFetcherManager, System::currentTimeMillis);
        isrExpiration = Executors.newSingleThreadScheduledExecutor(daemonThreads("isr-expiration-"));
        replicaManager.startIsrExpiration(isrExpiration, config.getLong("replica.lag.time.max.ms"));
        TopicStore topicStore = new TopicStore(zk);
        TopicManager topicManager = new TopicManager(topicStore, cache, () -> BrokerRegistration.liveBrokers(zk), config.logConfigDefaults());
        DelayedOperationPurgatory<String> topicPurgatory = new DelayedOperationPurgatory<>(scheduler);
        String interBrokerListener = interBrokerListenerName();
        int controllerSocketTimeoutMs = config.getInt("controller.socket.timeout.ms");
        controller = new KafkaController(new ControllerConfig(brokerId, interBrokerListener, controllerSocketTimeoutMs, config.deleteTopicEnable(),
                config.getBoolean("unclean.leader.election.enable"), config.getBoolean("auto.leader.rebalance.enable"),
                TimeUnit.SECONDS.toMillis(config.getLong("leader.imbalance.check.interval.seconds")),
                config.getInt("leader.imbalance.per.broker.percentage")), zk,
                () -> new ControllerChannelManager(brokerId, interBrokerListener, controllerSocketTimeoutMs), metrics);

        GroupConfig groupConfig = GroupConfig.from(config);
        groupLoader = Executors.newSingleThreadExecutor(daemonThreads("group-metadata-manager-"));
        CoordinatorScheduler groupScheduler = CoordinatorScheduler.system("group-coordinator-timer");
        GroupMetadataManager groupManager = new GroupMetadataManager(brokerId, groupConfig, replicaManager, cache, groupScheduler, groupLoader);
        groupCoordinator = new GroupCoordinator(groupManager, groupScheduler);
        replicaManager.addLeadershipListener(groupCoordinator);
        groupCoordinator.startup();

        RequestDispatcher dispatcher = new RequestDispatcher();
        dispatcher.register(new ApiVersionsHandler(dispatcher));
        dispatcher.register(new MetadataHandler(cache, topicManager, config.autoCreateTopicsEnable(), config.numPartitions(), config.defaultReplicationFactor()));
        dispatcher.register(new ProduceHandler(replicaManager, cache, config.minInSyncReplicas()));
        dispatcher.register(new FetchHandler(replicaManager, cache));
        dispatcher.register(new OffsetForLeaderEpochHandler(replicaManager, cache));
        dispatcher.register(new ListOffsetsHandler(replicaManager, cache));
        dispatcher.register(new CreateTopicsHandler(topicManager, cache, topicPurgatory, config.numPartitions(), config.defaultReplicationFactor()));
        dispatcher.register(new DeleteTopicsHandler(topicManager, cache, topicPurgatory, config.deleteTopicEnable()));
        dispatcher.register(new DeleteRecordsHandler(replicaManager, cache));
        dispatcher.register(new InitProducerIdHandler(new ProducerIdManager(brokerId, zk)));
        dispatcher.register(new CreatePartitionsHandler(topicManager, cache, topicPurgatory));
        dispatcher.register(new LeaderAndIsrHandler(replicaManager, topicManager::topicLogConfig));
        dispatcher.register(new UpdateMetadataHandler(replicaManager, cache, topicPurgatory));
        dispatcher.register(new StopReplicaHandler(replicaManager));
        dispatcher.register(new ControlledShutdownHandler(controller));
        dispatcher.register(new DescribeConfigsHandler(topicStore, brokerId, brokerConfigValues(), config.originals().keySet(), config.logConfigDefaults()));
        dispatcher.register(new AlterConfigsHandler(topicStore, topicManager));
        dispatcher.register(new IncrementalAlterConfigsHandler(topicStore, topicManager));
        dispatcher.register(new DescribeClusterHandler(cache));
        dispatcher.register(new FindCoordinatorHandler(groupCoordinator, cache, topicManager, groupConfig));
        dispatcher.register(new JoinGroupHandler(groupCoordinator));
        dispatcher.register(new SyncGroupHandler(groupCoordinator));
        dispatcher.register(new HeartbeatHandler(groupCoordinator));
        dispatcher.register(new LeaveGroupHandler(groupCoordinator));
        dispatcher.register(new OffsetCommitHandler(groupCoordinator, cache, System::currentTimeMillis));
        dispatcher.register(new OffsetFetchHandler(groupCoordinator));
        dispatcher.register(new ListGroupsHandler(groupCoordinator));
        dispatcher.register(new DescribeGroupsHandler(groupCoordinator));
        dispatcher.register(new DeleteGroupsHandler(groupCoordinator));
        dispatcher.register(new OffsetDeleteHandler(groupCoordinator, cache));

        RequestChannelMetrics requestMetrics = new RequestChannelMetrics(metrics, dispatcher.handlers().keySet());
        List<String> advertised = new ArrayList<>();
        List<String> listeners = config.listeners();
        for (int i = 0; i < listeners.size(); i++) {
            EndPointConfig endpoint = EndPointConfig.parse("listeners", listeners.get(i));
            SocketServer server = new SocketServer(endpoint.listenerName(), endpoint.host(), endpoint.port(), config.socketRequestMaxBytes(),
                    config.getInt("socket.send.buffer.bytes"), config.getInt("socket.receive.buffer.bytes"), config.numNetworkThreads(),
                    dispatcher, requestPool, requestMetrics);
            socketServers.add(server);
            int port = server.start();
            advertised.add(advertisedEndpoint(endpoint, port).connectionString());
        }
        EndPoint first = EndPoint.parse(advertised.get(0));
        BrokerInfo self = new BrokerInfo(brokerId, first.host(), first.port(), advertised, config.rack());
        topicConfigManager = new TopicConfigManager(zk, topicManager, replicaManager);
        topicConfigManager.startup();
        registration = new BrokerRegistration(zk, self);
        registration.register();
        // The controller tells this broker which partitions it leads or follows, and feeds its metadata cache.
        controller.startup();
        state.set(State.RUNNING);
        log.info("[KafkaServer id={}] started", brokerId);
    }

    /** The listener brokers talk to each other on: inter.broker.listener.name, else security.inter.broker.protocol's. */
    private String interBrokerListenerName() {
        String name = config.getString("inter.broker.listener.name");
        return name != null ? name : config.getString("security.inter.broker.protocol");
    }

    /** Every broker key with its configured or default value, for DescribeConfigs. */
    private java.util.Map<String, Object> brokerConfigValues() {
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (String name : KafkaConfig.DEF.names()) {
            values.put(name, config.get(name));
        }
        return values;
    }

    /** The advertised form of a listener: advertised.listeners when given, with the bound port when 0 was asked. */
    private EndPoint advertisedEndpoint(EndPointConfig listener, int boundPort) throws UnknownHostException {
        for (String entry : config.advertisedListeners()) {
            EndPointConfig advertised = EndPointConfig.parse("advertised.listeners", entry);
            if (advertised.listenerName().equals(listener.listenerName())) {
                String host = advertised.host().isEmpty() ? InetAddress.getLocalHost().getCanonicalHostName() : advertised.host();
                int port = advertised.port() == 0 ? boundPort : advertised.port();
                return new EndPoint(advertised.listenerName(), host, port);
            }
        }
        throw new ConfigException("Invalid value for configuration advertised.listeners: no entry for listener " + listener.listenerName());
    }

    public synchronized void shutdown() {
        State previous = state.getAndSet(State.SHUTTING_DOWN);
        if (previous == State.NOT_RUNNING || previous == State.SHUTTING_DOWN) {
            state.set(State.NOT_RUNNING);
            return;
        }
        log.info("[KafkaServer id={}] shutting down", brokerId);
        if (replicaManager != null) {
            replicaManager.beginShutdown();
        }
        if (previous == State.RUNNING && config.getBoolean("controlled.shutdown.enable")) {
            closeQuietly("controlled shutdown", () -> new BrokerControlledShutdown(zk, brokerId, interBrokerListenerName(),
                    config.getInt("controller.socket.timeout.ms"), config.getInt("controlled.shutdown.max.retries"),
                    config.getLong("controlled.shutdown.retry.backoff.ms")).run());
        }
        for (SocketServer server : socketServers) {
            closeQuietly("socket server", server::close);
        }
        if (controller != null) {
            closeQuietly("controller", controller::close);
        }
        if (topicConfigManager != null) {
            closeQuietly("topic config manager", topicConfigManager::close);
        }
        if (registration != null) {
            closeQuietly("broker registration", registration::close);
        }
        if (groupCoordinator != null) {
            closeQuietly("group coordinator", groupCoordinator::shutdown);
        }
        if (groupLoader != null) {
            groupLoader.shutdownNow();
        }
        if (isrExpiration != null) {
            isrExpiration.shutdownNow();
        }
        if (replicaFetcherManager != null) {
            closeQuietly("replica fetchers", replicaFetcherManager::close);
        }
        if (requestPool != null) {
            requestPool.shutdown();
            closeQuietly("request handlers", () -> requestPool.awaitTermination(10, TimeUnit.SECONDS));
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (logManager != null) {
            closeQuietly("log manager", logManager::shutdown);
        }
        if (logScheduler != null) {
            closeQuietly("log scheduler", () -> logScheduler.shutdown(30_000));
        }
        if (zk != null) {
            closeQuietly("ZooKeeper client", zk::close);
        }
        if (metrics != null) {
            closeQuietly("metrics", metrics::close);
        }
        state.set(State.NOT_RUNNING);
        log.info("[KafkaServer id={}] shut down completed", brokerId);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void closeQuietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            log.warn("Error while closing the {}", what, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + counter.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
