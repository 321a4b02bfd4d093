package io.klassic.zk;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** Helpers for tests against an embedded ZooKeeper. */
final class ZkTestSupport {

    /** A short tick so that short sessions (min 2 ticks, max 20 ticks = 4 s) are allowed. */
    static final int TICK_TIME_MS = 200;

    private ZkTestSupport() {
    }

    /** A started embedded ZooKeeper on a port it picks itself. */
    static TestingServer newServer() throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, TICK_TIME_MS, -1);
        return new TestingServer(spec, true);
    }

    /** A started client for {@code connect} with the given session timeout. */
    static ZkClient client(String connect, int sessionTimeoutMs) {
        ZkClient zk = new ZkClient(ZkConfig.of(connect, sessionTimeoutMs, 10_000));
        zk.start();
        return zk;
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code timeoutMs} pass. */
    static void waitUntil(BooleanSupplier condition, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + timeoutMs + " ms waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
