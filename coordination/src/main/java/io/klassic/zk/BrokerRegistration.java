package io.klassic.zk;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this broker's ephemeral {@code /brokers/ids/<id>} registration (see {@link BrokerIdZNode}).
 *
 * <p>{@link #register()} creates the znode (and missing parents). If it exists and belongs to the current
 * session it is kept. If it belongs to another session (this broker's previous process, killed with
 * {@code kill -9}, whose session has not expired yet), registration logs that it waits, watches the znode
 * until it disappears, and tries again; after twice the session timeout it gives up with an exception
 * that suggests a second broker with the same {@code broker.id}. When the session is replaced (Curator
 * reports RECONNECTED with a new session id, usually after LOST) the registration is restored in the
 * background with the same waiting. {@link #close()} deletes the znode if this session owns it.
 *
 * <p>Thread-safe.
 */
public final class BrokerRegistration implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(BrokerRegistration.class);

    private enum State { LATENT, STARTED, CLOSED }

    private static final long POLL_MS = 500;
    private static final long RETRY_BACKOFF_MS = 1_000;

    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final ZkClient zk;
    private final BrokerInfo broker;
    private final Map<String, String> securityProtocolMap;
    private final String path;
    private final ConnectionStateListener listener = this::onConnectionStateChanged;
    private final ExecutorService reRegistration;
    private volatile long registeredSessionId;

    /** A registration with the default listener → security protocol map. */
    public BrokerRegistration(ZkClient zk, BrokerInfo broker) {
        this(zk, broker, BrokerIdZNode.defaultSecurityProtocolMap(broker));
    }

    public BrokerRegistration(ZkClient zk, BrokerInfo broker, Map<String, String> securityProtocolMap) {
        this.zk = zk;
        this.broker = broker;
        this.securityProtocolMap = Map.copyOf(securityProtocolMap);
        this.path = BrokerIdZNode.path(broker.id());
        this.reRegistration = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "broker-registration-" + broker.id());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers the broker, waiting for a stale registration of a previous session to expire.
     *
     * @throws ZkException if another session still holds the znode after twice the session timeout, or
     *                     ZooKeeper fails
     */
    public void register() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Broker " + broker.id() + " registration is " + state.get()
                    + "; register() may be called once.");
        }
        zk.addConnectionStateListener(listener);
        registerOnce();
    }

    /** The broker this registration is for. */
    public BrokerInfo broker() {
        return broker;
    }

    /** Whether {@code /brokers/ids/<id>} exists and belongs to the current session. */
    public boolean isRegistered() {
        try {
            Stat stat = zk.curator().checkExists().forPath(path);
            return stat != null && stat.getEphemeralOwner() == zk.sessionId() && stat.getEphemeralOwner() != 0;
        } catch (Exception e) {
            throw ZkException.wrap("check", path, e);
        }
    }

    /** The brokers currently registered, sorted by id. */
    public List<BrokerInfo> liveBrokers() {
        return liveBrokers(zk);
    }

    /** The brokers currently registered in {@code /brokers/ids}, sorted by id. */
    public static List<BrokerInfo> liveBrokers(ZkClient zk) {
        List<BrokerInfo> brokers = new ArrayList<>();
        for (String child : zk.children(BrokerIdZNode.PATH)) {
            int id;
            try {
                id = Integer.parseInt(child);
            } catch (NumberFormatException e) {
                log.warn("Ignoring {}/{}: not a broker id.", BrokerIdZNode.PATH, child);
                continue;
            }
            zk.readData(BrokerIdZNode.path(id)).ifPresent(v -> brokers.add(BrokerIdZNode.decode(id, v.value())));
        }
        brokers.sort(Comparator.comparingInt(BrokerInfo::id));
        return brokers;
    }

    private void registerOnce() {
        long waitMs = 2L * zk.config().sessionTimeoutMs();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        boolean loggedWait = false;
        CuratorFramework curator = zk.curator();
        while (true) {
            if (state.get() == State.CLOSED) {
                throw new ZkException("Broker " + broker.id() + " registration was closed.", path);
            }
            try {
                Stat created = new Stat();
                curator.create().storingStatIn(created).creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                        .forPath(path, BrokerIdZNode.encode(broker, securityProtocolMap, System.currentTimeMillis()));
                registeredSessionId = created.getEphemeralOwner();
                log.info("Registered broker {} at path {} with addresses: {}, session 0x{}.", broker.id(), path,
                        broker.endpoints(), Long.toHexString(registeredSessionId));
                return;
            } catch (KeeperException.NodeExistsException e) {
                // handled below
            } catch (Exception e) {
                throw ZkException.wrap("register broker " + broker.id() + " at", path, e);
            }
            Stat stat;
            try {
                stat = curator.checkExists().forPath(path);
            } catch (Exception e) {
                throw ZkException.wrap("check", path, e);
            }
            if (stat == null) {
                continue; // it went away in between: try again at once
            }
            long ours = zk.sessionId();
            if (stat.getEphemeralOwner() == ours && ours != 0) {
                registeredSessionId = ours;
                log.info("Broker {} is already registered at {} by the current session 0x{}.", broker.id(), path,
                        Long.toHexString(ours));
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ZkException("Broker " + broker.id() + " cannot register: " + path
                        + " is still held by another ZooKeeper session 0x" + Long.toHexString(stat.getEphemeralOwner())
                        + " after waiting " + waitMs + " ms (twice " + ZkConfig.ZOOKEEPER_SESSION_TIMEOUT_MS
                        + "). Is another broker running with broker.id=" + broker.id() + "?", path);
            }
            if (!loggedWait) {
                log.warn("{} is held by a previous ZooKeeper session 0x{} (the broker was probably not shut down "
                                + "cleanly); waiting up to {} ms for that session to expire.", path,
                        Long.toHexString(stat.getEphemeralOwner()), waitMs);
                loggedWait = true;
            }
            awaitDeletion(deadline);
        }
    }

    private void awaitDeletion(long deadlineNanos) {
        CountDownLatch changed = new CountDownLatch(1);
        CuratorWatcher watcher = event -> changed.countDown();
        try {
            if (zk.curator().checkExists().usingWatcher(watcher).forPath(path) == null) {
                return;
            }
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            // poll too, in case the watch is lost with a reconnect
            changed.await(Math.max(1, Math.min(POLL_MS, remainingMs)), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZkException("Interrupted while waiting for " + path + " to disappear.", path, e);
        } catch (Exception e) {
            throw ZkException.wrap("watch", path, e);
        }
    }

    private void onConnectionStateChanged(CuratorFramework client, ConnectionState newState) {
        if (state.get() != State.STARTED) {
            return;
        }
        if (newState == ConnectionState.LOST) {
            log.warn("Broker {} lost its ZooKeeper session; it will register again when a new session is made.",
                    broker.id());
        } else if (newState == ConnectionState.RECONNECTED || newState == ConnectionState.CONNECTED) {
            long session = zk.sessionId();
            if (session != 0 && session != registeredSessionId) {
                try {
                    reRegistration.execute(this::reRegister);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closed concurrently
                }
            }
        }
    }

    private void reRegister() {
        while (state.get() == State.STARTED) {
            long session = zk.sessionId();
            if (session != 0 && session == registeredSessionId) {
                return;
            }
            try {
                log.info("Registering broker {} again at {} with the new ZooKeeper session 0x{}.", broker.id(), path,
                        Long.toHexString(session));
                registerOnce();
                return;
            } catch (RuntimeException e) {
                if (state.get() != State.STARTED || Thread.currentThread().isInterrupted()) {
                    return;
                }
                log.error("Broker {} failed to register again at {}; retrying in {} ms.", broker.id(), path,
                        RETRY_BACKOFF_MS, e);
                try {
                    Thread.sleep(RETRY_BACKOFF_MS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops re-registering and deletes the znode if the current session owns it. Idempotent. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        zk.removeConnectionStateListener(listener);
        reRegistration.shutdownNow();
        if (previous != State.STARTED) {
            return;
        }
        try {
            Stat stat = zk.curator().checkExists().forPath(path);
            long ours = zk.sessionId();
            if (stat != null && ours != 0 && stat.getEphemeralOwner() == ours) {
                zk.curator().delete().withVersion(stat.getVersion()).forPath(path);
                log.info("Deregistered broker {} from {}.", broker.id(), path);
            }
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
            // already gone or replaced
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not delete {} on close; it goes away when the ZooKeeper session ends.", path, e);
        }
    }
}
