package io.klassic.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BrokerRegistrationTest {

    private static TestingServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ZkTestSupport.newServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static Stat stat(ZkClient zk, String path) throws Exception {
        return zk.curator().checkExists().forPath(path);
    }

    /** Another process's session (a broker killed with -9 looks like this to ZooKeeper). */
    private static CuratorFramework otherSession(int sessionTimeoutMs) throws InterruptedException {
        CuratorFramework other = CuratorFrameworkFactory.newClient(server.getConnectString(), sessionTimeoutMs,
                10_000, new RetryOneTime(100));
        other.start();
        assertTrue(other.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS));
        return other;
    }

    @Test
    void registersListsAndDeregisters() throws Exception {
        try (ZkClient zk = ZkTestSupport.client(server.getConnectString(), 4000)) {
            BrokerInfo b10 = BrokerInfo.plaintext(10, "h10", 9092);
            BrokerInfo b11 = new BrokerInfo(11, "h11", 9093, List.of("PLAINTEXT://h11:9093"), "rack-a");
            BrokerRegistration r10 = new BrokerRegistration(zk, b10);
            BrokerRegistration r11 = new BrokerRegistration(zk, b11);
            try {
                r11.register();
                r10.register();
                assertTrue(r10.isRegistered());
                Stat s = stat(zk, "/brokers/ids/10");
                assertEquals(zk.sessionId(), s.getEphemeralOwner());
                List<BrokerInfo> live = r10.liveBrokers();
                assertTrue(live.indexOf(b10) >= 0 && live.indexOf(b11) == live.indexOf(b10) + 1, live.toString());
            } finally {
                r10.close();
                r11.close();
            }
            assertFalse(zk.exists("/brokers/ids/10"));
            assertFalse(zk.exists("/brokers/ids/11"));
            assertThrows(IllegalStateException.class, r10::register);
        }
    }

    @Test
    void closedSessionOfAnotherProcessDoesNotBlock() throws Exception {
        CuratorFramework other = otherSession(4000);
        try {
            other.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath("/brokers/ids/20", BrokerIdZNode.encode(BrokerInfo.plaintext(20, "old", 1)));
        } finally {
            other.close();
        }
        try (ZkClient zk = ZkTestSupport.client(server.getConnectString(), 4000);
             BrokerRegistration reg = new BrokerRegistration(zk, BrokerInfo.plaintext(20, "new", 2))) {
            reg.register();
            assertTrue(reg.isRegistered());
            assertEquals("new", BrokerIdZNode.decode(20, zk.readData("/brokers/ids/20").orElseThrow().value()).host());
        }
    }

    @Test
    void waitsForTheStaleNodeOfAKilledBroker() throws Exception {
        // The previous process of broker 21 still holds /brokers/ids/21 through a session ZooKeeper has not expired
        // yet (what a kill -9 leaves behind). Registration must wait for that node to go, then take it.
        CuratorFramework other = otherSession(4000);
        java.util.concurrent.ExecutorService registering = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (ZkClient zk = ZkTestSupport.client(server.getConnectString(), 4000);
             BrokerRegistration reg = new BrokerRegistration(zk, BrokerInfo.plaintext(21, "new", 2))) {
            other.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath("/brokers/ids/21", BrokerIdZNode.encode(BrokerInfo.plaintext(21, "old", 1)));
            long staleSession = other.getZookeeperClient().getZooKeeper().getSessionId();
            java.util.concurrent.Future<?> registered = registering.submit(() -> {
                reg.register();
                return null;
            });
            // While the old session lives, registration cannot succeed and the node stays the old one's.
            Stat before = stat(zk, "/brokers/ids/21");
            assertNotNull(before, "the stale registration should still be there");
            assertEquals(staleSession, before.getEphemeralOwner());
            assertFalse(registered.isDone(), "registration must wait while the stale node exists");
            other.close(); // the old session ends: its ephemeral node goes
            registered.get(20, java.util.concurrent.TimeUnit.SECONDS);
            Stat after = stat(zk, "/brokers/ids/21");
            assertEquals(zk.sessionId(), after.getEphemeralOwner());
            assertEquals("new", BrokerIdZNode.decode(21, zk.readData("/brokers/ids/21").orElseThrow().value()).host());
        } finally {
            other.close();
            registering.shutdownNow();
        }
    }

    @Test
    void givesUpWhenAnotherLiveBrokerHoldsTheId() throws Exception {
        CuratorFramework other = otherSession(4000);
        try {
            other.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath("/brokers/ids/22", BrokerIdZNode.encode(BrokerInfo.plaintext(22, "other", 1)));
            try (ZkClient zk = ZkTestSupport.client(server.getConnectString(), 800);
                 BrokerRegistration reg = new BrokerRegistration(zk, BrokerInfo.plaintext(22, "me", 2))) {
                long start = System.nanoTime();
                ZkException e = assertThrows(ZkException.class, reg::register);
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(e.getMessage().contains("broker.id=22"), e.getMessage());
                assertTrue(waitedMs >= 1600, "waited only " + waitedMs + " ms");
                assertEquals("other", BrokerIdZNode.decode(22, zk.readData("/brokers/ids/22").orElseThrow().value()).host());
            }
        } finally {
            other.close();
        }
    }

    @Test
    void keepsANodeOwnedByTheCurrentSession() throws Exception {
        try (ZkClient zk = ZkTestSupport.client(server.getConnectString(), 4000)) {
            zk.curator().create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath("/brokers/ids/23", BrokerIdZNode.encode(BrokerInfo.plaintext(23, "h", 1)));
            try (BrokerRegistration reg = new BrokerRegistration(zk, BrokerInfo.plaintext(23, "h", 1))) {
                reg.register();
                assertTrue(reg.isRegistered());
            }
            assertFalse(zk.exists("/brokers/ids/23"));
        }
    }

    @Test
    void registersAgainAfterSessionExpiry() throws Exception {
        try (ZkClient zk = ZkTestSupport.client(server.getConnectString(), 2000);
             BrokerRegistration reg = new BrokerRegistration(zk, BrokerInfo.plaintext(24, "h", 1))) {
            reg.register();
            long firstSession = zk.sessionId();
            KillSession.kill(zk.curator().getZookeeperClient().getZooKeeper());
            ZkTestSupport.waitUntil(() -> {
                try {
                    Stat s = stat(zk, "/brokers/ids/24");
                    long session = zk.sessionId();
                    return s != null && session != 0 && session != firstSession && s.getEphemeralOwner() == session;
                } catch (Exception e) {
                    return false;
                }
            }, 30_000, "broker 24 is registered with the new session");
            assertNotEquals(firstSession, zk.sessionId());
            assertTrue(reg.isRegistered());
        }
    }
}
