package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process appending to a log is killed with SIGKILL in the middle of writing; the restarted log (unclean
 * shutdown) recovers every batch that was whole and nothing else, and takes appends again.
 */
class CrashRecoveryTest {
    @TempDir
    File tmp;

    @Test
    void aKilledWriterLeavesALogThatRecoversEveryIntactBatch() throws Exception {
        File dir = new File(tmp, "crash-0");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process writer = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
            "-Xmx128m", "-cp", classpath, CrashWriter.class.getName(), dir.getPath())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("appended ")) {
                    acknowledged = Long.parseLong(line.substring("appended ".length()));
                    if (acknowledged >= 3000) {
                        writer.destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged >= 3000, "the writer reported " + acknowledged + " batches");

        TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);
        Log log = Log.open(dir, "crash", 0, LogConfig.defaults(), 0, 0, false, clock::milliseconds);
        try {
            List<String> values = TestUtils.readAllValues(log);
            assertEquals(0, values.size() % 2, "whole batches only");
            long batches = values.size() / 2;
            assertTrue(batches >= acknowledged, batches + " batches recovered, " + acknowledged + " acknowledged");
            for (int i = 0; i < batches; i++) {
                assertEquals("value-" + i, values.get(2 * i));
                assertEquals("second-" + i, values.get(2 * i + 1));
            }
            assertEquals(2 * batches, log.logEndOffset());
            log.appendAsLeader(TestUtils.batch(1, "after"), 1);
            assertEquals("after", TestUtils.readAllValues(log).get((int) (2 * batches)));
        } finally {
            log.close();
        }
    }
}
