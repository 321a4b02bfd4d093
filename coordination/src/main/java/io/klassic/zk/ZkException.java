package io.klassic.zk;

import org.apache.zookeeper.KeeperException;

/**
 * An unchecked failure of a ZooKeeper operation, naming the znode path. When ZooKeeper answered with an
 * error, {@link #code()} tells which (for example {@code BADVERSION} for a lost conditional write).
 *
 * <p>Immutable and thread-safe.
 */
public class ZkException extends RuntimeException {

    private final String path;
    private final KeeperException.Code code;

    public ZkException(String message, String path, Throwable cause) {
        super(message, cause);
        this.path = path;
        this.code = cause instanceof KeeperException ke ? ke.code() : null;
    }

    public ZkException(String message, String path) {
        this(message, path, null);
    }

    /** The znode path the failed operation was about, or null. */
    public String path() {
        return path;
    }

    /** ZooKeeper's error code when the cause is a {@link KeeperException}, otherwise null. */
    public KeeperException.Code code() {
        return code;
    }

    /**
     * Wraps a failure of a Curator call; restores the interrupt flag on {@link InterruptedException}.
     * Unchecked exceptions other than Curator's are rethrown as they are.
     */
    static RuntimeException wrap(String action, String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new ZkException("Interrupted while trying to " + action + " " + path + ".", path, e);
        }
        if (e instanceof ZkException ze) {
            return ze;
        }
        if (e instanceof KeeperException ke) {
            return new ZkException("Failed to " + action + " " + path + ": " + ke.code() + ".", path, e);
        }
        if (e instanceof RuntimeException re && !(e instanceof IllegalStateException)) {
            return re;
        }
        return new ZkException("Failed to " + action + " " + path + ": " + e, path, e);
    }
}
