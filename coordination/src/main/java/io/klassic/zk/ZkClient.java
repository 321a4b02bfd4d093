package io.klassic.zk;

import java.io.Closeable;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.retry.RetryForever;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's (or a tool's) connection to ZooKeeper: one Curator client with a lifecycle
 * (LATENT → STARTED → CLOSED).
 *
 * <p>{@link #start()} first creates the chroot of {@code host:port/chroot} connect strings if it is missing
 * (through a short-lived client without the chroot, as Kafka does), then starts the chrooted client and
 * blocks until it is connected or the connection timeout passes. Connection state changes (SUSPENDED, LOST,
 * RECONNECTED, ...) are logged and forwarded to the listeners registered with
 * {@link #addConnectionStateListener}, on Curator's event thread.
 *
 * <p>Thread-safe.
 */
public final class ZkClient implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ZkClient.class);

    private enum State { LATENT, STARTED, CLOSED }

    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final ZkConfig config;
    private final CuratorFramework curator;
    private final List<ConnectionStateListener> listeners = new CopyOnWriteArrayList<>();
    private final ConnectionStateListener stateLogger = this::onStateChanged;

    public ZkClient(ZkConfig config) {
        this.config = config;
        this.curator = newCurator(config.connect(), config);
    }

    /** Convenience: a client with {@link ZkConfig#of(String)}'s defaults. */
    public ZkClient(String connect) {
        this(ZkConfig.of(connect));
    }

    private static CuratorFramework newCurator(String connect, ZkConfig config) {
        return CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs(config.sessionTimeoutMs())
                .connectionTimeoutMs(config.connectionTimeoutMs())
                .retryPolicy(retryPolicy(config))
                .build();
    }

    static RetryPolicy retryPolicy(ZkConfig config) {
        if (config.retryMaxRetries() < 0) {
            return new RetryForever(config.retryMaxSleepMs());
        }
        return new ExponentialBackoffRetry(config.retryBaseSleepMs(), config.retryMaxRetries(),
                config.retryMaxSleepMs());
    }

    /**
     * Creates the chroot if needed, connects and waits for the connection.
     *
     * @throws ZkException if no connection could be made within {@code connectionTimeoutMs}; the message
     *                     names the connect string
     * @throws IllegalStateException if started twice or after close
     */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("The ZooKeeper client for " + config.connect()
                    + " cannot be started: it is " + state.get() + ".");
        }
        try {
            maybeCreateChroot();
            curator.getConnectionStateListenable().addListener(stateLogger);
            log.info("Connecting to ZooKeeper at {} (session timeout {} ms, connection timeout {} ms).",
                    config.connect(), config.sessionTimeoutMs(), config.connectionTimeoutMs());
            curator.start();
            awaitConnected(curator);
            log.info("Connected to ZooKeeper at {} with session 0x{}.", config.connect(), Long.toHexString(sessionId()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void awaitConnected(CuratorFramework client) {
        boolean connected;
        try {
            connected = client.blockUntilConnected(config.connectionTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZkException("Interrupted while connecting to ZooKeeper at " + config.connect() + ".", null, e);
        }
        if (!connected) {
            throw new ZkException("Timed out waiting for a connection to ZooKeeper at " + config.connect()
                    + " after " + config.connectionTimeoutMs() + " ms (" + ZkConfig.ZOOKEEPER_CONNECTION_TIMEOUT_MS
                    + "). Is ZooKeeper running there?", null);
        }
    }

    private void maybeCreateChroot() {
        String chroot = config.chroot();
        if (chroot == null) {
            return;
        }
        try (CuratorFramework root = newCurator(config.hosts(), config)) {
            root.start();
            awaitConnected(root);
            if (root.checkExists().forPath(chroot) == null) {
                try {
                    root.create().creatingParentsIfNeeded().forPath(chroot, new byte[0]);
                    log.info("Created the chroot path {} in ZooKeeper at {}.", chroot, config.hosts());
                } catch (KeeperException.NodeExistsException e) {
                    // created concurrently by another broker: fine
                }
            }
        } catch (ZkException e) {
            throw e;
        } catch (Exception e) {
            throw ZkException.wrap("create the chroot path", chroot, e);
        }
    }

    private void onStateChanged(CuratorFramework client, ConnectionState newState) {
        switch (newState) {
            case SUSPENDED -> log.warn("The connection to ZooKeeper at {} is suspended; waiting to reconnect.",
                    config.connect());
            case LOST -> log.warn("The ZooKeeper session with {} is lost (expired or timed out); a new session "
                    + "will be created.", config.connect());
            case RECONNECTED -> log.info("Reconnected to ZooKeeper at {} with session 0x{}.", config.connect(),
                    Long.toHexString(sessionId()));
            case READ_ONLY -> log.warn("The connection to ZooKeeper at {} is read-only.", config.connect());
            case CONNECTED -> log.debug("Connected to ZooKeeper at {}.", config.connect());
            default -> log.info("ZooKeeper connection state: {}.", newState);
        }
        for (ConnectionStateListener listener : listeners) {
            try {
                listener.stateChanged(client, newState);
            } catch (RuntimeException e) {
                log.error("A ZooKeeper connection state listener failed on {}.", newState, e);
            }
        }
    }

    /** The Curator client (chrooted when the connect string has a chroot). */
    public CuratorFramework curator() {
        return curator;
    }

    public ZkConfig config() {
        return config;
    }

    /** Registers a listener told of every connection state change after it was logged. */
    public void addConnectionStateListener(ConnectionStateListener listener) {
        listeners.add(listener);
    }

    public void removeConnectionStateListener(ConnectionStateListener listener) {
        listeners.remove(listener);
    }

    /** Whether the client is started and currently connected. */
    public boolean isConnected() {
        return state.get() == State.STARTED && curator.getZookeeperClient().isConnected();
    }

    /** The current ZooKeeper session id, or 0 when there is none. */
    public long sessionId() {
        try {
            return curator.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return 0L;
        }
    }

    // ------------------------------------------------------------------ small helpers for the znode stores

    /** The data and data version of {@code path}, or empty when it does not exist. */
    public Optional<Versioned<byte[]>> readData(String path) {
        try {
            Stat stat = new Stat();
            byte[] data = curator.getData().storingStatIn(stat).forPath(path);
            return Optional.of(new Versioned<>(data == null ? new byte[0] : data, stat.getVersion()));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw ZkException.wrap("read", path, e);
        }
    }

    /** Whether {@code path} exists. */
    public boolean exists(String path) {
        try {
            return curator.checkExists().forPath(path) != null;
        } catch (Exception e) {
            throw ZkException.wrap("check the existence of", path, e);
        }
    }

    /** The child names of {@code path} (unsorted), or an empty list when it does not exist. */
    public List<String> children(String path) {
        try {
            return curator.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return Collections.emptyList();
        } catch (Exception e) {
            throw ZkException.wrap("list the children of", path, e);
        }
    }

    /** Creates the persistent {@code path} (and missing parents) with empty data unless it exists. */
    public void ensurePath(String path) {
        try {
            if (curator.checkExists().forPath(path) == null) {
                curator.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
            }
        } catch (KeeperException.NodeExistsException e) {
            // created concurrently
        } catch (Exception e) {
            throw ZkException.wrap("create", path, e);
        }
    }

    /** Deletes {@code path} and everything below it; nothing happens when it does not exist. */
    public void deleteRecursive(String path) {
        try {
            curator.delete().quietly().deletingChildrenIfNeeded().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            // already gone
        } catch (Exception e) {
            throw ZkException.wrap("delete", path, e);
        }
    }

    /** Closes the Curator client; the session ends and this client's ephemeral znodes go away. Idempotent. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        curator.getConnectionStateListenable().removeListener(stateLogger);
        listeners.clear();
        curator.close();
        if (previous == State.STARTED) {
            log.info("Closed the ZooKeeper client for {}.", config.connect());
        }
    }
}
