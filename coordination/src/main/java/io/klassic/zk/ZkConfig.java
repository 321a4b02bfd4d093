package io.klassic.zk;

import java.util.Map;
import java.util.Properties;
import org.apache.zookeeper.common.PathUtils;

/**
 * How to reach ZooKeeper: the connect string (with an optional chroot, {@code host:port,host:port/chroot}),
 * the session and connection timeouts, and Curator's retry policy for single operations.
 *
 * <p>{@link #fromProperties} reads Kafka's broker keys: {@code zookeeper.connect} (required),
 * {@code zookeeper.session.timeout.ms} (default 18000) and {@code zookeeper.connection.timeout.ms} (default:
 * the session timeout). The retry settings have no Kafka key: an operation retries
 * {@code retryMaxRetries} times with exponential backoff from {@code retryBaseSleepMs} up to
 * {@code retryMaxSleepMs} between attempts, each attempt waiting up to the connection timeout for a
 * connection; a negative {@code retryMaxRetries} retries forever, sleeping {@code retryMaxSleepMs}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param connect             the connect string as configured, chroot included
 * @param sessionTimeoutMs    the ZooKeeper session timeout asked for
 * @param connectionTimeoutMs how long {@link ZkClient#start()} and each operation wait for a connection
 * @param retryBaseSleepMs    first backoff between retries of an operation
 * @param retryMaxSleepMs     largest backoff between retries of an operation
 * @param retryMaxRetries     retries of an operation after the first attempt; negative = forever
 */
public record ZkConfig(String connect, int sessionTimeoutMs, int connectionTimeoutMs,
                       int retryBaseSleepMs, int retryMaxSleepMs, int retryMaxRetries) {

    public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";
    public static final String ZOOKEEPER_SESSION_TIMEOUT_MS = "zookeeper.session.timeout.ms";
    public static final String ZOOKEEPER_CONNECTION_TIMEOUT_MS = "zookeeper.connection.timeout.ms";

    public static final int DEFAULT_SESSION_TIMEOUT_MS = 18_000;
    public static final int DEFAULT_RETRY_BASE_SLEEP_MS = 100;
    public static final int DEFAULT_RETRY_MAX_SLEEP_MS = 1_000;
    public static final int DEFAULT_RETRY_MAX_RETRIES = 5;

    public ZkConfig {
        if (connect == null || connect.isBlank()) {
            throw new IllegalArgumentException("Missing required configuration \"" + ZOOKEEPER_CONNECT
                    + "\" which has no default value.");
        }
        connect = connect.trim();
        int slash = connect.indexOf('/');
        String hosts = slash < 0 ? connect : connect.substring(0, slash);
        if (hosts.isBlank()) {
            throw new IllegalArgumentException("Invalid value " + connect + " for configuration "
                    + ZOOKEEPER_CONNECT + ": no host:port before the chroot.");
        }
        for (String hostPort : hosts.split(",")) {
            validateHostPort(connect, hostPort.trim());
        }
        if (slash >= 0) {
            String chroot = connect.substring(slash);
            try {
                if (!chroot.equals("/")) {
                    PathUtils.validatePath(chroot);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid value " + connect + " for configuration "
                        + ZOOKEEPER_CONNECT + ": the chroot " + chroot + " is not a valid ZooKeeper path ("
                        + e.getMessage() + ").");
            }
        }
        requirePositive(ZOOKEEPER_SESSION_TIMEOUT_MS, sessionTimeoutMs);
        requirePositive(ZOOKEEPER_CONNECTION_TIMEOUT_MS, connectionTimeoutMs);
        requirePositive("retryBaseSleepMs", retryBaseSleepMs);
        requirePositive("retryMaxSleepMs", retryMaxSleepMs);
    }

    /** A configuration with Kafka's default timeouts and the default retry policy. */
    public static ZkConfig of(String connect) {
        return new ZkConfig(connect, DEFAULT_SESSION_TIMEOUT_MS, DEFAULT_SESSION_TIMEOUT_MS,
                DEFAULT_RETRY_BASE_SLEEP_MS, DEFAULT_RETRY_MAX_SLEEP_MS, DEFAULT_RETRY_MAX_RETRIES);
    }

    /** A configuration with the given timeouts and the default retry policy. */
    public static ZkConfig of(String connect, int sessionTimeoutMs, int connectionTimeoutMs) {
        return new ZkConfig(connect, sessionTimeoutMs, connectionTimeoutMs,
                DEFAULT_RETRY_BASE_SLEEP_MS, DEFAULT_RETRY_MAX_SLEEP_MS, DEFAULT_RETRY_MAX_RETRIES);
    }

    /** Reads Kafka's {@code zookeeper.*} keys from broker properties. */
    public static ZkConfig fromProperties(Properties props) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name));
        }
        return fromMap(map);
    }

    /** Reads Kafka's {@code zookeeper.*} keys from a map of configuration values (strings or numbers). */
    public static ZkConfig fromMap(Map<String, ?> config) {
        Object connect = config.get(ZOOKEEPER_CONNECT);
        if (connect == null || connect.toString().isBlank()) {
            throw new IllegalArgumentException("Missing required configuration \"" + ZOOKEEPER_CONNECT
                    + "\" which has no default value.");
        }
        int session = intConfig(config, ZOOKEEPER_SESSION_TIMEOUT_MS, DEFAULT_SESSION_TIMEOUT_MS);
        int connection = intConfig(config, ZOOKEEPER_CONNECTION_TIMEOUT_MS, session);
        return new ZkConfig(connect.toString(), session, connection,
                DEFAULT_RETRY_BASE_SLEEP_MS, DEFAULT_RETRY_MAX_SLEEP_MS, DEFAULT_RETRY_MAX_RETRIES);
    }

    /** The same configuration with another retry policy. */
    public ZkConfig withRetry(int baseSleepMs, int maxSleepMs, int maxRetries) {
        return new ZkConfig(connect, sessionTimeoutMs, connectionTimeoutMs, baseSleepMs, maxSleepMs, maxRetries);
    }

    /** The comma-separated {@code host:port} list without the chroot. */
    public String hosts() {
        int slash = connect.indexOf('/');
        return slash < 0 ? connect : connect.substring(0, slash);
    }

    /** The chroot path ({@code /kafka}), or null when the connect string has none or names {@code /}. */
    public String chroot() {
        int slash = connect.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String chroot = connect.substring(slash);
        return chroot.equals("/") ? null : chroot;
    }

    private static int intConfig(Map<String, ?> config, String key, int defaultValue) {
        Object v = config.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer i) {
            return i;
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + v + " for configuration " + key
                    + ": Not a number of type INT");
        }
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Invalid value " + value + " for configuration " + key
                    + ": Value must be at least 1");
        }
    }

    private static void validateHostPort(String connect, String hostPort) {
        if (hostPort.isEmpty()) {
            throw new IllegalArgumentException("Invalid value " + connect + " for configuration "
                    + ZOOKEEPER_CONNECT + ": empty host in the server list.");
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.endsWith("]")) {
            return; // ZooKeeper's client defaults the port to 2181
        }
        String port = hostPort.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + connect + " for configuration "
                    + ZOOKEEPER_CONNECT + ": bad port \"" + port + "\" in " + hostPort + ".");
        }
    }
}
