package io.klassic.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class ProducerIdManagerTest {

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
    void firstBlockStartsAtZeroAndBlocksFollowEachOther() {
        try (ZkClient zk = ZkTestSupport.client(server.getConnectString() + "/sequential", 4000)) {
            ProducerIdManager manager = new ProducerIdManager(5, zk);
            for (long expected = 0; expected < 2500; expected++) {
                assertEquals(expected, manager.generateProducerId());
            }
            ProducerIdBlock latest = ProducerIdBlockZNode.decode(zk.readData("/latest_producer_id_block").orElseThrow().value());
            assertEquals(new ProducerIdBlock(5, 2000, 1000), latest);
            // a second manager (another broker) starts after the latest block
            assertEquals(3000, new ProducerIdManager(6, zk).generateProducerId());
        }
    }

    @Test
    void idsAreUniqueAcrossConcurrentManagers() throws Exception {
        String connect = server.getConnectString() + "/concurrent";
        int threadsPerManager = 4;
        int idsPerThread = 1500;
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerManager);
        try (ZkClient zk1 = ZkTestSupport.client(connect, 4000); ZkClient zk2 = ZkTestSupport.client(connect, 4000)) {
            List<ProducerIdManager> managers = List.of(new ProducerIdManager(1, zk1), new ProducerIdManager(2, zk2));
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (ProducerIdManager m : managers) {
                for (int t = 0; t < threadsPerManager; t++) {
                    futures.add(pool.submit(() -> {
                        List<Long> ids = new ArrayList<>(idsPerThread);
                        for (int i = 0; i < idsPerThread; i++) {
                            ids.add(m.generateProducerId());
                        }
                        return ids;
                    }));
                }
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : futures) {
                for (long id : f.get()) {
                    assertTrue(all.add(id), "duplicate producer id " + id);
                    assertTrue(id >= 0);
                }
            }
            assertEquals(2 * threadsPerManager * idsPerThread, all.size());
            ProducerIdBlock latest = ProducerIdBlockZNode.decode(zk1.readData("/latest_producer_id_block").orElseThrow().value());
            assertTrue(all.stream().allMatch(id -> id <= latest.lastProducerId()));
        } finally {
            pool.shutdownNow();
        }
    }
}
