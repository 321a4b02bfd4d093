package io.klassic.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.data.Stat;

/**
 * Starts ZooKeeper and N brokers as real processes through the distribution's {@code bin/} scripts, with
 * generated configuration (free ports, everything under one temp dir), and stops, kills, pauses and
 * restarts them. The distribution is the repository root (found by walking up from {@code user.dir} to the
 * directory holding {@code bin/kafka-server-start.sh}) unless the system property {@code klassic.dist} or
 * the environment variable {@code KLASSIC_DIST} names another one with the same scripts (for example
 * Apache Kafka 3.9, to check a test against the reference implementation).
 *
 * <p>Temp dir layout: {@code zookeeper.properties}, {@code zookeeper-data/}, {@code zookeeper.out},
 * {@code logs-zookeeper/}; per broker {@code server-<id>.properties}, {@code kafka-logs-<id>/} (its
 * {@code log.dirs}), {@code broker-<id>.out} (stdout and stderr, appended across restarts) and
 * {@code logs-broker-<id>/} (the script's {@code LOG_DIR}: server.log, state-change.log, ...). Set
 * {@code KLASSIC_IT_KEEP=1} to keep it. With {@link Builder#jmx()} each broker gets a free {@code JMX_PORT}, bound to
 * 127.0.0.1 without authentication, for {@link #jmxServiceUrl(int)}.
 *
 * <p>A broker counts as started when its port accepts connections and {@code /brokers/ids/<id>} exists in
 * ZooKeeper, owned by a session other than the one of its previous run (after {@code kill -9} the old
 * ephemeral znode lingers until its session expires).
 *
 * <p>With {@link Builder#zookeeperProxyPerBroker()} each broker reaches ZooKeeper through its own {@link TcpProxy}
 * ({@link #zookeeperProxy(int)}), which a test can cut to isolate that broker from ZooKeeper alone.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class ClusterHarness implements AutoCloseable {
    public static final Duration ZOOKEEPER_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration BROKER_START_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> BROKER_MAIN_CLASSES = List.of("io.klassic.broker.Kafka", "kafka.Kafka");
    private static final List<String> ZOOKEEPER_MAIN_CLASSES =
            List.of("org.apache.zookeeper.server.quorum.QuorumPeerMain");

    private final Path distribution;
    private final Path tempDir;
    private final int zkPort;
    private final ServerProcess zookeeper;
    private final Map<Integer, Broker> brokers = new TreeMap<>();
    /** Broker id to the proxy its zookeeper.connect names; empty unless the builder asked for proxies. */
    private final Map<Integer, TcpProxy> zookeeperProxies = new TreeMap<>();
    private CuratorFramework curator;
    /** Set by killZooKeeper(), cleared by startZooKeeper(): close() starts it again so that brokers stop cleanly. */
    private boolean zookeeperKilled;
    /** Kills the servers if the test JVM exits without close() (a crash or a forked-JVM timeout). */
    private final Thread killOnExit = new Thread(this::killAll, "cluster-harness-kill-on-exit");

    private static final class Broker {
        final int id;
        final int port;
        final Path config;
        final Path logDir;
        final Path scriptLogDir;
        final int jmxPort;
        final ServerProcess process;
        long lastSessionId;
        boolean paused;

        Broker(int id, int port, Path config, Path logDir, Path scriptLogDir, int jmxPort, ServerProcess process) {
            this.id = id;
            this.port = port;
            this.config = config;
            this.logDir = logDir;
            this.scriptLogDir = scriptLogDir;
            this.jmxPort = jmxPort;
            this.process = process;
        }
    }

    /** Collects the cluster's settings; {@link #start()} brings it up. */
    public static final class Builder {
        private int brokerCount = 1;
        private final Map<String, String> brokerConfig = new LinkedHashMap<>();
        private final Map<String, String> brokerOverrides = new LinkedHashMap<>();
        private final Map<String, String> zookeeperConfig = new LinkedHashMap<>();
        private boolean jmx;
        private boolean zookeeperProxyPerBroker;

        private Builder() {
        }

        /** Gives every broker a free JMX_PORT (remote JMX on 127.0.0.1, no authentication, no SSL). */
        public Builder jmx() {
            this.jmx = true;
            return this;
        }

        /** Number of brokers, ids 0..n-1. */
        public Builder brokers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("brokers must be at least 1, got " + count);
            }
            this.brokerCount = count;
            return this;
        }

        /** A key written into every server-&lt;id&gt;.properties (replacing a default). */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        /** A key passed on every broker's command line as {@code --override key=value}. */
        public Builder brokerOverride(String key, String value) {
            brokerOverrides.put(key, value);
            return this;
        }

        /** A key written into zookeeper.properties (e.g. {@code tickTime=500}, so that sessions expire on time). */
        public Builder zookeeperConfig(String key, String value) {
            zookeeperConfig.put(key, value);
            return this;
        }

        /**
         * Puts a {@link TcpProxy} in front of ZooKeeper for each broker: its {@code zookeeper.connect} names its own
         * proxy, which the test can cut and heal ({@link ClusterHarness#zookeeperProxy(int)}). The harness's own client
         * and the tools still reach ZooKeeper directly.
         */
        public Builder zookeeperProxyPerBroker() {
            this.zookeeperProxyPerBroker = true;
            return this;
        }

        /** Starts ZooKeeper and the brokers; on failure everything started so far is torn down. */
        public ClusterHarness start() {
            ClusterHarness harness = new ClusterHarness(this);
            try {
                harness.startAll();
                return harness;
            } catch (RuntimeException | Error e) {
                harness.close();
                throw e;
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private ClusterHarness(Builder builder) {
        this.distribution = findDistribution();
        try {
            this.tempDir = Files.createTempDirectory("klassic-it-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temp dir for the cluster", e);
        }
        int[] ports = freePorts(1 + builder.brokerCount * (builder.jmx ? 2 : 1));
        this.zkPort = ports[0];
        Path zkConfig = tempDir.resolve("zookeeper.properties");
        Map<String, String> zk = new LinkedHashMap<>();
        zk.put("dataDir", tempDir.resolve("zookeeper-data").toString());
        zk.put("clientPort", Integer.toString(zkPort));
        zk.put("clientPortAddress", "127.0.0.1");
        zk.put("admin.enableServer", "false");
        zk.putAll(builder.zookeeperConfig);
        writeProperties(zkConfig, zk);
        this.zookeeper = new ServerProcess("zookeeper",
                List.of(distribution.resolve("bin/zookeeper-server-start.sh").toString(), zkConfig.toString()),
                environment(tempDir.resolve("logs-zookeeper"), "-Xmx256m"),
                tempDir.resolve("zookeeper.out"), tempDir.resolve("logs-zookeeper"), ZOOKEEPER_MAIN_CLASSES);

        for (int id = 0; id < builder.brokerCount; id++) {
            int port = ports[1 + id];
            Path logDir = tempDir.resolve("kafka-logs-" + id);
            Map<String, String> config = new LinkedHashMap<>();
            config.put("broker.id", Integer.toString(id));
            config.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
            config.put("log.dirs", logDir.toString());
            int zookeeperPort = zkPort;
            if (builder.zookeeperProxyPerBroker) {
                TcpProxy proxy = new TcpProxy("zookeeper-for-broker-" + id, zkPort);
                zookeeperProxies.put(id, proxy);
                zookeeperPort = proxy.port();
            }
            config.put("zookeeper.connect", "127.0.0.1:" + zookeeperPort);
            config.put("zookeeper.session.timeout.ms", "6000");
            config.put("num.partitions", "1");
            config.put("auto.create.topics.enable", "true");
            config.put("offsets.topic.replication.factor", "1");
            // The last broker of a cluster cannot hand its leaderships over and retries its ControlledShutdown
            // (controlled.shutdown.max.retries 3) as Kafka's does: 500 ms apart instead of 5 s keeps teardowns short.
            config.put("controlled.shutdown.retry.backoff.ms", "500");
            config.putAll(builder.brokerConfig);
            Path configFile = tempDir.resolve("server-" + id + ".properties");
            writeProperties(configFile, config);
            List<String> command = new ArrayList<>();
            command.add(distribution.resolve("bin/kafka-server-start.sh").toString());
            command.add(configFile.toString());
            builder.brokerOverrides.forEach((k, v) -> {
                command.add("--override");
                command.add(k + "=" + v);
            });
            Path scriptLogDir = tempDir.resolve("logs-broker-" + id);
            Map<String, String> env = environment(scriptLogDir, "-Xmx512m -Xms128m");
            int jmxPort = builder.jmx ? ports[1 + builder.brokerCount + id] : -1;
            if (builder.jmx) {
                env.put("JMX_PORT", Integer.toString(jmxPort));
                env.put("KAFKA_JMX_OPTS", "-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false"
                        + " -Dcom.sun.management.jmxremote.ssl=false -Dcom.sun.management.jmxremote.host=127.0.0.1"
                        + " -Djava.rmi.server.hostname=127.0.0.1");
            }
            ServerProcess process = new ServerProcess("broker-" + id, command, env,
                    tempDir.resolve("broker-" + id + ".out"), scriptLogDir, BROKER_MAIN_CLASSES);
            brokers.put(id, new Broker(id, port, configFile, logDir, scriptLogDir, jmxPort, process));
        }
    }

    private void startAll() {
        Runtime.getRuntime().addShutdownHook(killOnExit);
        long start = System.nanoTime();
        log("starting ZooKeeper and " + brokers.size() + " broker(s) from " + distribution + " in " + tempDir);
        zookeeper.start();
        Wait.until(() -> {
            zookeeper.assertAlive("starting");
            return zookeeperServing(zkPort);
        }, ZOOKEEPER_START_TIMEOUT, () -> "ZooKeeper did not serve requests on port " + zkPort + "\n"
                + zookeeper.tail());
        curator = CuratorFrameworkFactory.builder()
                .connectString(zkConnect())
                .sessionTimeoutMs(30_000)
                .connectionTimeoutMs(10_000)
                .retryPolicy(new RetryOneTime(200))
                .build();
        curator.start();
        try {
            if (!curator.blockUntilConnected((int) ZOOKEEPER_START_TIMEOUT.toSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("Could not connect to ZooKeeper at " + zkConnect() + "\n"
                        + zookeeper.tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while connecting to ZooKeeper", e);
        }
        for (Broker broker : brokers.values()) {
            broker.process.start();
        }
        for (Broker broker : brokers.values()) {
            awaitBrokerStarted(broker);
        }
        log("cluster up in " + millisSince(start) + " ms: " + bootstrapServers());
    }

    /** {@code 127.0.0.1:<port>,...} of every broker, running or not. */
    public String bootstrapServers() {
        return brokers.values().stream().map(b -> "127.0.0.1:" + b.port).collect(Collectors.joining(","));
    }

    /** {@code 127.0.0.1:<port>} of one broker. */
    public String bootstrapServers(int id) {
        return "127.0.0.1:" + broker(id).port;
    }

    public int brokerPort(int id) {
        return broker(id).port;
    }

    public String zkConnect() {
        return "127.0.0.1:" + zkPort;
    }

    /** The harness's own ZooKeeper client (for reading znodes in assertions). */
    public CuratorFramework zk() {
        return curator;
    }

    public Path tempDir() {
        return tempDir;
    }

    /** The proxy between the broker and ZooKeeper; only with {@link Builder#zookeeperProxyPerBroker()}. */
    public TcpProxy zookeeperProxy(int id) {
        broker(id);
        TcpProxy proxy = zookeeperProxies.get(id);
        if (proxy == null) {
            throw new IllegalStateException("The cluster was built without zookeeperProxyPerBroker()");
        }
        return proxy;
    }

    /** The broker script's {@code LOG_DIR}: server.log, controller.log, state-change.log. */
    public Path brokerLogDir(int id) {
        broker(id);
        return tempDir.resolve("logs-broker-" + id);
    }

    /** The broker's {@code log.dirs}. */
    public Path logDir(int id) {
        return broker(id).logDir;
    }

    /** The broker's {@code LOG_DIR}, where server.log, state-change.log and controller.log are written. */
    public Path brokerLogsDir(int id) {
        return broker(id).scriptLogDir;
    }

    /** The broker's JMX_PORT; only with {@link Builder#jmx()}. */
    public int jmxPort(int id) {
        Broker broker = broker(id);
        if (broker.jmxPort < 0) {
            throw new IllegalStateException("The cluster was built without jmx(): broker " + id + " has no JMX port");
        }
        return broker.jmxPort;
    }

    /** The URL a {@code JMXConnectorFactory} connects to the broker's platform MBean server with. */
    public String jmxServiceUrl(int id) {
        return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort(id) + "/jmxrmi";
    }

    /** The last lines of the broker's output and log files, for assertion messages. */
    public String brokerLog(int id) {
        return broker(id).process.tail();
    }

    /** The last lines of every server's output, for assertion messages. */
    public String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (Broker broker : brokers.values()) {
            out.append(broker.process.tail());
        }
        out.append(zookeeper.tail());
        return out.toString();
    }

    public boolean isBrokerAlive(int id) {
        return broker(id).process.isAlive();
    }

    /** Starts a stopped or killed broker with the same configuration and data; waits until it is up. */
    public void startBroker(int id) {
        Broker broker = broker(id);
        long start = System.nanoTime();
        broker.paused = false;
        broker.process.start();
        awaitBrokerStarted(broker);
        log("broker " + id + " started in " + millisSince(start) + " ms");
    }

    /** SIGTERM to the broker's JVM (a clean shutdown); waits until the process has exited. */
    public void stopBroker(int id) {
        Broker broker = broker(id);
        long start = System.nanoTime();
        if (broker.process.stop(STOP_TIMEOUT)) {
            log("broker " + id + " stopped (SIGTERM) in " + millisSince(start) + " ms, exit code "
                    + broker.process.exitCode());
        } else {
            String output = broker.process.tail();
            broker.process.kill();
            throw new AssertionError("broker " + id + " did not exit within " + STOP_TIMEOUT.toSeconds()
                    + " s of SIGTERM (killed it)\n" + output);
        }
    }

    /** SIGKILL to the broker's JVM and every process of its script (a crash); waits until they are gone. */
    public void killBroker(int id) {
        broker(id).process.kill();
        log("broker " + id + " killed (SIGKILL)");
    }

    /** SIGSTOP to the broker's JVM. */
    public void pauseBroker(int id) {
        broker(id).process.signalPause(true);
        broker(id).paused = true;
    }

    /** SIGCONT to the broker's JVM. */
    public void resumeBroker(int id) {
        broker(id).process.signalPause(false);
        broker(id).paused = false;
    }

    /** Starts every broker that a test stopped or killed, so that the next test finds the whole cluster running. */
    public void restartStoppedBrokers() {
        for (int id : brokers.keySet()) {
            if (!isBrokerAlive(id)) {
                startBroker(id);
            }
        }
    }

    /** SIGKILL to ZooKeeper's JVM (a crash); waits until it is gone. Its data dir stays for {@link #startZooKeeper()}. */
    public void killZooKeeper() {
        zookeeperKilled = true;
        zookeeper.kill();
        log("ZooKeeper killed (SIGKILL)");
    }

    /** Starts a killed ZooKeeper on the same port and data dir; waits until it accepts connections and the harness's client is connected. */
    public void startZooKeeper() {
        long start = System.nanoTime();
        zookeeper.start();
        zookeeperKilled = false;
        Wait.until(() -> {
            zookeeper.assertAlive("starting");
            return zookeeperServing(zkPort) && curator.getZookeeperClient().isConnected();
        }, ZOOKEEPER_START_TIMEOUT, () -> "ZooKeeper did not accept connections on port " + zkPort + " again\n" + zookeeper.tail());
        log("ZooKeeper started again in " + millisSince(start) + " ms");
    }

    public boolean isZooKeeperAlive() {
        return zookeeper.isAlive();
    }

    /** Stops every broker (SIGTERM, SIGKILL after a deadline), then ZooKeeper, then deletes the temp dir. */
    @Override
    public void close() {
        try {
            // A broker cut off from ZooKeeper would spend its shutdown retrying it.
            zookeeperProxies.values().forEach(TcpProxy::heal);
            if (zookeeperKilled) {
                try {
                    zookeeper.start();
                } catch (RuntimeException | AssertionError e) {
                    System.err.println("Could not start ZooKeeper again for a clean shutdown: " + e);
                }
            }
            for (Broker broker : brokers.values()) {
                try {
                    if (broker.paused && broker.process.isAlive()) {
                        broker.process.signalPause(false);
                        broker.paused = false;
                    }
                    broker.process.javaProcess().ifPresent(ProcessHandle::destroy);
                } catch (RuntimeException | AssertionError e) {
                    System.err.println("Could not signal broker " + broker.id + ": " + e);
                }
            }
            for (Broker broker : brokers.values()) {
                stopQuietly(broker.process);
            }
            if (curator != null) {
                curator.close();
            }
            zookeeperProxies.values().forEach(TcpProxy::close);
            if (zookeeper != null) {
                stopQuietly(zookeeper);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // The JVM is already exiting, or the hook was never added: nothing to undo.
            }
            if ("1".equals(System.getenv("KLASSIC_IT_KEEP"))) {
                log("kept " + tempDir + " (KLASSIC_IT_KEEP=1)");
            } else {
                deleteRecursively(tempDir);
            }
        }
    }

    private void killAll() {
        for (Broker broker : brokers.values()) {
            try {
                broker.process.kill();
            } catch (RuntimeException | AssertionError e) {
                System.err.println("Could not kill broker " + broker.id + ": " + e);
            }
        }
        try {
            zookeeper.kill();
        } catch (RuntimeException | AssertionError e) {
            System.err.println("Could not kill ZooKeeper: " + e);
        }
    }

    private static void stopQuietly(ServerProcess process) {
        long start = System.nanoTime();
        try {
            if (process.stop(Duration.ofSeconds(30))) {
                log(process.name() + " stopped in " + millisSince(start) + " ms");
            } else {
                log(process.name() + " still running 30 s after SIGTERM: killing it\n" + process.tail());
                process.kill();
            }
        } catch (RuntimeException | AssertionError e) {
            try {
                process.kill();
            } catch (RuntimeException | AssertionError ignored) {
                // Nothing more can be done; the next test gets fresh ports and a fresh temp dir.
            }
        }
    }

    private static void log(String message) {
        System.out.println("[ClusterHarness] " + message);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void awaitBrokerStarted(Broker broker) {
        String path = "/brokers/ids/" + broker.id;
        Wait.until(() -> {
            broker.process.assertAlive("starting");
            if (!accepts(broker.port)) {
                return false;
            }
            Stat stat = registration(path);
            if (stat == null || stat.getEphemeralOwner() == broker.lastSessionId) {
                return false;
            }
            broker.lastSessionId = stat.getEphemeralOwner();
            return true;
        }, BROKER_START_TIMEOUT, () -> "broker " + broker.id + " did not accept connections on port "
                + broker.port + " and register " + path + " in ZooKeeper\n" + broker.process.tail());
    }

    private Stat registration(String path) {
        try {
            return curator.checkExists().forPath(path);
        } catch (Exception e) {
            throw new IllegalStateException("Could not read " + path + " from ZooKeeper: " + e, e);
        }
    }

    private Broker broker(int id) {
        Broker broker = brokers.get(id);
        if (broker == null) {
            throw new IllegalArgumentException("No broker with id " + id + "; brokers are " + brokers.keySet());
        }
        return broker;
    }

    private static Map<String, String> environment(Path logDir, String heap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOG_DIR", logDir.toString());
        env.put("KAFKA_HEAP_OPTS", heap);
        return env;
    }

    /**
     * Whether ZooKeeper on {@code port} serves requests: its {@code srvr} four-letter word (allowed by default)
     * reports a mode. ZooKeeper accepts connections a moment before it serves them, and a client whose session
     * handshake falls in between can wait out its whole connection timeout (30 s for the harness's client).
     */
    private static boolean zookeeperServing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).contains("Mode: ");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find free ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The port is released when the socket is garbage collected at the latest.
                }
            }
        }
    }

    private static void writeProperties(Path file, Map<String, String> properties) {
        StringBuilder text = new StringBuilder("# Generated by io.klassic.it.ClusterHarness\n");
        properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    /** The distribution whose bin/ scripts start the servers. */
    static Path findDistribution() {
        String configured = System.getProperty("klassic.dist");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("KLASSIC_DIST");
        }
        if (configured != null && !configured.isBlank()) {
            Path dist = Path.of(configured).toAbsolutePath();
            if (!Files.isRegularFile(dist.resolve("bin/kafka-server-start.sh"))) {
                throw new AssertionError("klassic.dist / KLASSIC_DIST=" + configured
                        + " has no bin/kafka-server-start.sh");
            }
            return dist;
        }
        return repositoryRoot();
    }

    /** The directory above user.dir that holds bin/kafka-server-start.sh. */
    public static Path repositoryRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/kafka-server-start.sh"))) {
                return dir;
            }
        }
        throw new AssertionError("No bin/kafka-server-start.sh in " + start + " or any directory above it");
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("Could not delete " + root + ": " + e);
        }
    }
}
