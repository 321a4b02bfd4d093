package io.klassic.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZkClientTest {

    private static TestingServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ZkTestSupport.newServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void connectsAndReportsSession() {
        try (ZkClient zk = ZkTestSupport.client(server.getConnectString(), 4000)) {
            assertTrue(zk.isConnected());
            assertTrue(zk.sessionId() != 0);
            zk.ensurePath("/a/b/c");
            assertTrue(zk.exists("/a/b/c"));
            assertEquals(List.of("c"), zk.children("/a/b"));
            assertEquals(List.of(), zk.children("/missing"));
            assertTrue(zk.readData("/missing").isEmpty());
            assertEquals(0, zk.readData("/a/b/c").orElseThrow().zkVersion());
            zk.deleteRecursive("/a");
            assertFalse(zk.exists("/a"));
            zk.deleteRecursive("/a"); // missing: no error
        }
    }

    @Test
    void createsTheChrootLikeKafka() throws Exception {
        String connect = server.getConnectString() + "/klassic/chroot-test";
        try (ZkClient root = ZkTestSupport.client(server.getConnectString(), 4000)) {
            assertFalse(root.exists("/klassic/chroot-test"));
            try (ZkClient chrooted = ZkTestSupport.client(connect, 4000)) {
                assertEquals("/klassic/chroot-test", chrooted.config().chroot());
                assertTrue(root.exists("/klassic/chroot-test"));
                chrooted.ensurePath("/brokers/ids");
                assertTrue(root.exists("/klassic/chroot-test/brokers/ids"));
                assertFalse(root.exists("/brokers/ids"));
            }
            // a second client finds it and does not fail
            try (ZkClient again = ZkTestSupport.client(connect, 4000)) {
                assertTrue(again.exists("/brokers/ids"));
            }
        }
    }

    @Test
    void startFailsWithTheConnectStringAfterTheConnectionTimeout() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        String connect = "127.0.0.1:" + freePort;
        ZkClient zk = new ZkClient(ZkConfig.of(connect, 4000, 1000));
        try {
            ZkException e = assertThrows(ZkException.class, zk::start);
            assertTrue(e.getMessage().contains(connect), e.getMessage());
            assertTrue(e.getMessage().contains("1000 ms"), e.getMessage());
            assertFalse(zk.isConnected());
        } finally {
            zk.close();
        }
    }

    @Test
    void startsOnlyOnce() {
        try (ZkClient zk = ZkTestSupport.client(server.getConnectString(), 4000)) {
            assertThrows(IllegalStateException.class, zk::start);
        }
    }

    @Test
    void forwardsSuspendedAndReconnected() throws Exception {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        try (ZkClient zk = ZkTestSupport.client(server.getConnectString(), 4000)) {
            zk.addConnectionStateListener((client, state) -> states.add(state));
            server.stop();
            try {
                ZkTestSupport.waitUntil(() -> states.contains(ConnectionState.SUSPENDED), 10_000, "SUSPENDED");
            } finally {
                server.restart();
            }
            ZkTestSupport.waitUntil(() -> states.contains(ConnectionState.RECONNECTED), 20_000, "RECONNECTED");
            ZkTestSupport.waitUntil(zk::isConnected, 10_000, "connected again");
        }
    }

    @Test
    void configFromKafkaProperties() {
        Properties props = new Properties();
        props.setProperty("zookeeper.connect", "zk1:2181,zk2:2182/kafka/prod");
        ZkConfig config = ZkConfig.fromProperties(props);
        assertEquals(18000, config.sessionTimeoutMs());
        assertEquals(18000, config.connectionTimeoutMs());
        assertEquals("zk1:2181,zk2:2182", config.hosts());
        assertEquals("/kafka/prod", config.chroot());

        props.setProperty("zookeeper.session.timeout.ms", "6000");
        assertEquals(6000, ZkConfig.fromProperties(props).connectionTimeoutMs());
        props.setProperty("zookeeper.connection.timeout.ms", "3000");
        assertEquals(3000, ZkConfig.fromProperties(props).connectionTimeoutMs());
        assertNull(ZkConfig.of("localhost:2181").chroot());
        assertNull(ZkConfig.of("localhost:2181/").chroot());

        props.setProperty("zookeeper.session.timeout.ms", "abc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZkConfig.fromProperties(props));
        assertTrue(e.getMessage().contains("zookeeper.session.timeout.ms"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> ZkConfig.fromProperties(new Properties()));
        assertTrue(e.getMessage().contains("zookeeper.connect"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ZkConfig.of("localhost:2181/bad/"));
        assertTrue(e.getMessage().contains("/bad/"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ZkConfig.of("localhost:xyz"));
        assertTrue(e.getMessage().contains("xyz"), e.getMessage());
    }
}
