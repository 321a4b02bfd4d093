package io.klassic.broker;

import io.klassic.broker.server.MetadataCache;
import io.klassic.zk.BrokerIdZNode;
import io.klassic.zk.BrokerRegistration;
import io.klassic.zk.ControllerEpochZNode;
import io.klassic.zk.ControllerZNode;
import io.klassic.zk.Versioned;
import io.klassic.zk.ZkClient;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Keeps the metadata cache's view of the live brokers and the controller in step with ZooKeeper, watching
 * {@code /brokers/ids} and {@code /controller}; and takes part in the controller election: when
 * {@code /controller} is free this broker creates it (ephemeral) and increments {@code /controller_epoch} with a
 * conditional write. The controller's own work (partition leadership) arrives with the cluster layer.
 * Thread-safe.
 */
final class ClusterView implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterView.class);

    private final ZkClient zk;
    private final MetadataCache cache;
    private final int brokerId;
    private CuratorCache brokersCache;
    private CuratorCache controllerCache;

    ClusterView(ZkClient zk, MetadataCache cache, int brokerId) {
        this.zk = zk;
        this.cache = cache;
        this.brokerId = brokerId;
    }

    void start() {
        zk.ensurePath(BrokerIdZNode.PATH);
        brokersCache = CuratorCache.build(zk.curator(), BrokerIdZNode.PATH);
        brokersCache.listenable().addListener((type, oldData, data) -> refreshBrokers());
        brokersCache.start();
        controllerCache = CuratorCache.build(zk.curator(), ControllerZNode.PATH);
        controllerCache.listenable().addListener((type, oldData, data) -> refreshController());
        controllerCache.start();
        refreshBrokers();
        refreshController();
    }

    private synchronized void refreshBrokers() {
        try {
            cache.setBrokers(BrokerRegistration.liveBrokers(zk));
        } catch (RuntimeException e) {
            log.warn("Could not read the live brokers: {}", e.toString());
        }
    }

    private synchronized void refreshController() {
        try {
            Optional<Versioned<byte[]>> current = zk.readData(ControllerZNode.PATH);
            if (current.isEmpty()) {
                maybeBecomeController();
                current = zk.readData(ControllerZNode.PATH);
            }
            cache.setControllerId(current.map(v -> ControllerZNode.decode(v.value())).orElse(-1));
        } catch (RuntimeException e) {
            log.warn("Could not read the controller: {}", e.toString());
        }
    }

    private void maybeBecomeController() {
        try {
            zk.curator().create().withMode(CreateMode.EPHEMERAL).forPath(ControllerZNode.PATH, ControllerZNode.encode(brokerId, System.currentTimeMillis()));
        } catch (KeeperException.NodeExistsException e) {
            return;
        } catch (Exception e) {
            log.warn("Controller election failed: {}", e.toString());
            return;
        }
        int epoch = incrementControllerEpoch();
        log.info("[Controller id={}] elected as controller with epoch {}", brokerId, epoch);
    }

    private int incrementControllerEpoch() {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                Optional<Versioned<byte[]>> current = zk.readData(ControllerEpochZNode.PATH);
                if (current.isEmpty()) {
                    int epoch = ControllerEpochZNode.INITIAL_CONTROLLER_EPOCH + 1;
                    zk.curator().create().forPath(ControllerEpochZNode.PATH, ControllerEpochZNode.encode(epoch));
                    return epoch;
                }
                int epoch = ControllerEpochZNode.decode(current.get().value()) + 1;
                zk.curator().setData().withVersion(current.get().zkVersion()).forPath(ControllerEpochZNode.PATH, ControllerEpochZNode.encode(epoch));
                return epoch;
            } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
                log.debug("Concurrent update of {}; retrying", ControllerEpochZNode.PATH);
            } catch (Exception e) {
                throw new IllegalStateException("Could not increment " + ControllerEpochZNode.PATH, e);
            }
        }
        throw new IllegalStateException("Could not increment " + ControllerEpochZNode.PATH + " after 10 attempts");
    }

    @Override
    public void close() {
        if (brokersCache != null) {
            brokersCache.close();
        }
        if (controllerCache != null) {
            controllerCache.close();
        }
    }
}
