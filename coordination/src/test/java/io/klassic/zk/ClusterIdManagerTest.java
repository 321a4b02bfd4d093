package io.klassic.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClusterIdManagerTest {

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
    void clusterIdIsCreatedOnceAndStable() {
        try (ZkClient zk = ZkTestSupport.client(server.getConnectString() + "/stable", 4000)) {
            assertTrue(ClusterIdManager.get(zk).isEmpty());
            String first = ClusterIdManager.getOrCreate(zk);
            String second = ClusterIdManager.getOrCreate(zk);
            assertEquals(first, second);
            assertEquals(first, ClusterIdManager.get(zk).orElseThrow());
            assertEquals("{\"version\":\"1\",\"id\":\"" + first + "\"}",
                    new String(zk.readData("/cluster/id").orElseThrow().value()));
        }
    }

    @Test
    void concurrentCreatorsAgree() throws Exception {
        String connect = server.getConnectString() + "/race";
        List<ZkClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(ZkTestSupport.client(connect, 4000));
            }
            List<Future<String>> ids = new ArrayList<>();
            for (ZkClient zk : clients) {
                ids.add(pool.submit(() -> ClusterIdManager.getOrCreate(zk)));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> f : ids) {
                distinct.add(f.get());
            }
            assertEquals(1, distinct.size(), distinct.toString());
        } finally {
            pool.shutdownNow();
            clients.forEach(ZkClient::close);
        }
    }

    @Test
    void generatedIdsAreKafkaShaped() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = ClusterIdManager.generateClusterId();
            assertEquals(22, id.length(), id);
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            assertFalse(id.startsWith("-"), id);
            assertTrue(seen.add(id), id);
        }
    }
}
