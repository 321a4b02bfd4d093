package io.klassic.broker.controller;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.BrokerRegistration;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicStore;
import io.klassic.zk.ZkClient;
import io.klassic.zk.ZkConfig;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An embedded ZooKeeper and N "brokers", each one ZooKeeper session with its registration and a real
 * {@link KafkaController} whose requests go to a {@link RecordingChannel}. "Killing" a broker closes its controller
 * and its session, so its ephemeral znodes vanish at once. Not thread-safe: one test thread drives it.
 */
final class ControllerTestCluster implements AutoCloseable {
    static final int SESSION_TIMEOUT_MS = 4000;
    static final long WAIT_MS = 20_000;

    final TestingServer server;
    final List<RecordingChannel.Sent> sent = new CopyOnWriteArrayList<>();
    final Map<Integer, Broker> brokers = new TreeMap<>();
    final ZkClient admin;
    final TopicStore topics;
    private final ControllerConfigFactory configs;

    interface ControllerConfigFactory {
        ControllerConfig config(int brokerId);
    }

    final class Broker {
        final int id;
        final ZkClient zk;
        final BrokerRegistration registration;
        final KafkaController controller;

        Broker(int id) {
            this.id = id;
            this.zk = new ZkClient(ZkConfig.of(server.getConnectString(), SESSION_TIMEOUT_MS, 10_000));
            zk.start();
            this.registration = new BrokerRegistration(zk, BrokerInfo.plaintext(id, "127.0.0.1", 9000 + id));
            registration.register();
            this.controller = new KafkaController(configs.config(id), zk, () -> new RecordingChannel(id, sent), MetricsRegistry.isolated());
            controller.startup();
        }

        void kill() {
            controller.close();
            zk.close();
        }
    }

    ControllerTestCluster(int brokerCount, ControllerConfigFactory configs) throws Exception {
        this.server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
        this.configs = configs;
        this.admin = new ZkClient(ZkConfig.of(server.getConnectString(), SESSION_TIMEOUT_MS, 10_000));
        admin.start();
        this.topics = new TopicStore(admin);
        for (int id = 0; id < brokerCount; id++) {
            startBroker(id);
        }
    }

    static ControllerConfig defaultConfig(int brokerId) {
        return new ControllerConfig(brokerId, "PLAINTEXT", 30_000, true, false, false, 300_000, 10);
    }

    Broker startBroker(int id) {
        Broker broker = new Broker(id);
        brokers.put(id, broker);
        return broker;
    }

    void killBroker(int id) {
        brokers.remove(id).kill();
    }

    /** The active controller, once exactly one broker has it. */
    Broker awaitController() throws InterruptedException {
        waitUntil(() -> activeControllers().size() == 1, "exactly one controller is active");
        return activeControllers().get(0);
    }

    List<Broker> activeControllers() {
        List<Broker> active = new ArrayList<>();
        for (Broker broker : brokers.values()) {
            if (broker.controller.isActive()) {
                active.add(broker);
            }
        }
        return active;
    }

    Optional<LeaderIsrAndControllerEpoch> state(String topic, int partition) {
        return topics.partitionState(topic, partition).map(v -> v.value());
    }

    LeaderIsrAndControllerEpoch awaitState(String topic, int partition, java.util.function.Predicate<LeaderIsrAndControllerEpoch> condition,
                                          String what) throws InterruptedException {
        waitUntil(() -> state(topic, partition).filter(condition).isPresent(), what + " (state of " + topic + "-" + partition + ": "
                + state(topic, partition) + ")");
        return state(topic, partition).orElseThrow();
    }

    /** The requests of an API sent to a broker that mention the partition. */
    List<Struct> sentTo(int brokerId, ApiKeys api, TopicPartition tp) {
        List<Struct> out = new ArrayList<>();
        for (RecordingChannel.Sent s : sent) {
            if (s.brokerId() == brokerId && s.api() == api && mentions(s.body(), tp)) {
                out.add(s.body());
            }
        }
        return out;
    }

    /** The partition's entry in a LeaderAndIsr, UpdateMetadata or StopReplica (v3+) request. */
    static Struct partitionState(Struct body, TopicPartition tp) {
        for (Struct topic : body.getStructs("TopicStates")) {
            if (topic.getString("TopicName").equals(tp.topic())) {
                for (Struct p : topic.getStructs("PartitionStates")) {
                    if (p.getInt("PartitionIndex") == tp.partition()) {
                        return p;
                    }
                }
            }
        }
        throw new AssertionError(tp + " is not in " + body);
    }

    static boolean mentions(Struct body, TopicPartition tp) {
        for (Struct topic : body.getStructs("TopicStates")) {
            if (topic.getString("TopicName").equals(tp.topic())) {
                for (Struct p : topic.getStructs("PartitionStates")) {
                    if (p.getInt("PartitionIndex") == tp.partition()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + WAIT_MS + " ms waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            for (Broker broker : brokers.values()) {
                broker.kill();
            }
            admin.close();
        } finally {
            server.close();
        }
    }
}
