package io.klassic.broker.controller;

import io.klassic.zk.ControllerStore;
import io.klassic.zk.ControllerZNode;
import io.klassic.zk.ZkClient;
import io.klassic.zk.ZkException;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The controller election, as Kafka's: every broker watches {@code /controller} (an exists watch, so it hears of
 * creation, change and deletion); when it is free, a broker tries to create it and bump {@code /controller_epoch}
 * in one multi-op ({@link ControllerStore#tryElect}); the one that succeeds is controller for the new epoch, the
 * others just read who won. The watch fires once: every {@link #elect()} arms it again. Not thread-safe: the
 * controller's event thread calls it.
 */
final class ControllerElector {
    private static final Logger log = LoggerFactory.getLogger(ControllerElector.class);

    /** Who is controller after an election round, and this broker's election if it won one just now. */
    record Outcome(int activeControllerId, Optional<ControllerStore.Election> won) {
    }

    private final ZkClient zk;
    private final ControllerStore store;
    private final int brokerId;
    private final CuratorWatcher watcher;

    ControllerElector(ZkClient zk, ControllerStore store, int brokerId, CuratorWatcher watcher) {
        this.zk = zk;
        this.store = store;
        this.brokerId = brokerId;
        this.watcher = watcher;
    }

    /** Reads {@code /controller} (arming the watch) and, when it is free, tries to win it. */
    Outcome elect() {
        int current = readAndWatch();
        if (current == -1) {
            Optional<ControllerStore.Election> election = store.tryElect(brokerId);
            if (election.isPresent()) {
                return new Outcome(brokerId, election);
            }
            current = readAndWatch();
        }
        return new Outcome(current, Optional.empty());
    }

    /** The controller id in {@code /controller}, or -1; arms the watch either way. */
    int readAndWatch() {
        try {
            Stat stat = zk.curator().checkExists().usingWatcher(watcher).forPath(ControllerZNode.PATH);
            return stat == null ? -1 : store.activeControllerId();
        } catch (ZkException e) {
            throw e;
        } catch (Exception e) {
            throw new ZkException("Failed to watch " + ControllerZNode.PATH + ": " + e, ControllerZNode.PATH, e);
        }
    }

    /** Deletes {@code /controller} if this session holds it, so that the others elect a new controller at once. */
    void deleteOwnZNode() {
        try {
            Stat stat = zk.curator().checkExists().forPath(ControllerZNode.PATH);
            if (stat != null && stat.getEphemeralOwner() == zk.sessionId()) {
                zk.curator().delete().withVersion(stat.getVersion()).forPath(ControllerZNode.PATH);
                log.info("[Controller id={}] Deleted {} to hand over the controllership.", brokerId, ControllerZNode.PATH);
            }
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
            // not ours any more
        } catch (Exception e) {
            log.warn("[Controller id={}] Could not delete {}: {}", brokerId, ControllerZNode.PATH, e.toString());
        }
    }
}
