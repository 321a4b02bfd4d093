package io.klassic.tools;

import io.klassic.tools.perf.PerfStats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kafka-producer-perf-test.sh and kafka-consumer-perf-test.sh: flags, usage and Kafka's output lines. */
class PerformanceToolsTest {

    private static final String NL = System.lineSeparator();

    private static ToolRun producer(String... args) {
        ToolRun.Streams s = new ToolRun.Streams("");
        return s.result(ProducerPerformance.mainNoExit(s.io(), args));
    }

    private static ToolRun consumer(String... args) {
        ToolRun.Streams s = new ToolRun.Streams("");
        return s.result(ConsumerPerformance.mainNoExit(s.io(), args));
    }

    @Test
    void producerPropsTakeSeveralValuesLikeKafkasTool() {
        assertArrayEquals(new String[] {"--producer-props", "a=1", "--producer-props", "b=2", "--topic", "t"},
                ProducerPerformance.expandMultiValued(
                        new String[] {"--producer-props", "a=1", "b=2", "--topic", "t"}, "--producer-props"));
    }

    @Test
    void producerUsageProblemsExitWithOne() {
        ToolRun run = producer("--topic", "t", "--num-records", "1", "--record-size", "1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("Missing required argument \"[throughput]\"" + NL), run.err());
        run = producer("--topic", "t", "--num-records", "1", "--record-size", "1", "--throughput", "-1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("Either --producer-props or --producer.config must be specified." + NL),
                run.err());
        run = producer("--topic", "t", "--num-records", "1", "--record-size", "x", "--throughput", "-1",
                "--producer-props", "bootstrap.servers=localhost:1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("Cannot parse argument 'x' of option record-size"), run.err());
    }

    @Test
    void producerLinesHaveKafkasFormat() {
        PerfStats stats = new PerfStats(4, 0);
        assertNull(stats.record(2, 100, 10, 5_000));
        assertNull(stats.record(4, 100, 20, 5_000));
        assertNull(stats.record(6, 100, 30, 5_000));
        String window = stats.record(8, 100, 5_000, 5_000);
        assertEquals("4 records sent, 0.8 records/sec (0.00 MB/sec), 5.0 ms avg latency, 8.0 ms max latency.", window);
        assertEquals("4 records sent, 0.400000 records/sec (0.00 MB/sec), 5.00 ms avg latency, 8.00 ms max latency, "
                + "6 ms 50th, 8 ms 95th, 8 ms 99th, 8 ms 99.9th.", stats.summary(10_000));
    }

    @Test
    void consumerUsageAndCsvLine() {
        ToolRun run = consumer("--topic", "t", "--messages", "1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("Missing required argument \"[bootstrap-server]\"" + NL), run.err());
        assertEquals("start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
                + "rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec", ConsumerPerformance.HEADER);
        assertEquals("a, b, 1.0000, 0.5000, 100, 50.0000, 500, 1500, 0.6667, 66.6667",
                ConsumerPerformance.line("a", "b", 1024 * 1024, 100, 2000, 500, 1500));
    }
}
