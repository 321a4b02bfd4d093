package io.klassic.log;

import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.MemoryRecordsBuilder;
import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Apache Kafka 3.9.1's own {@code kafka.tools.DumpLogSegments} (kafka-dump-log.sh) reads the segment files this
 * module writes: every offset appears in the deep iteration of the .log files, the .index and .timeindex files dump
 * and verify without a mismatch. Runs the tool in a child JVM on this test's classpath (kafka_2.13 3.9.1 is a
 * test dependency).
 */
class KafkaDumpLogCompatibilityTest {
    private static final Pattern RECORD_OFFSET = Pattern.compile("^\\| offset: (\\d+) ");
    private static final Pattern INDEX_ENTRY = Pattern.compile("^offset: (\\d+) position: (\\d+)");
    private static final Pattern TIME_INDEX_ENTRY = Pattern.compile("^timestamp: (\\d+) offset: (\\d+)");

    @TempDir
    File tmp;

    @Test
    void kafkaDumpLogReadsOurSegmentsAndIndexes() throws Exception {
        TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);
        File dir = new File(tmp, "dump-0");
        Log log = Log.open(dir, "dump", 0, TestUtils.config("segment.bytes", "3000", "index.interval.bytes", "300"),
            0, 0, true, clock::milliseconds);
        long expectedRecords = 0;
        try {
            CompressionType[] codecs = CompressionType.values();
            for (int i = 0; i < 60; i++) {
                CompressionType codec = codecs[i % codecs.length];
                MemoryRecordsBuilder builder = new MemoryRecordsBuilder(codec, TimestampType.CREATE_TIME, 0,
                    i % 3 == 0 ? 1000 + i : RecordBatch.NO_PRODUCER_ID, (short) (i % 3 == 0 ? 0 : -1),
                    i % 3 == 0 ? 0 : RecordBatch.NO_SEQUENCE, -1, false, false);
                int records = 1 + i % 4;
                for (int r = 0; r < records; r++) {
                    builder.append(clock.milliseconds() + i * 10L + r, ("key-" + i + "-" + r).getBytes(StandardCharsets.UTF_8),
                        ("value of record " + r + " of batch " + i + " " + "x".repeat(40)).getBytes(StandardCharsets.UTF_8));
                }
                log.appendAsLeader(builder.build(), i / 20);
                expectedRecords += records;
            }
            assertTrue(log.numberOfSegments() >= 3, "several segments: " + log.numberOfSegments());
        } finally {
            log.close();
        }
        List<String> files = segmentFiles(dir);
        // A compacted log: its cleaned batches carry a delete horizon and gaps between offsets.
        File compactedDir = new File(tmp, "compacted-0");
        Log compacted = Log.open(compactedDir, "compacted", 0, TestUtils.config("cleanup.policy", "compact",
            "segment.bytes", "500", "file.delete.delay.ms", "0"), 0, 0, true, clock::milliseconds);
        try {
            for (int i = 0; i < 12; i++) {
                compacted.appendAsLeader(TestUtils.keyed(CompressionType.GZIP, clock.milliseconds(), "k" + (i % 3),
                    i == 10 ? null : "v" + i), 0);
            }
            compacted.roll();
            compacted.updateHighWatermark(compacted.logEndOffset());
            new Cleaner(new SkimpyOffsetMap(1 << 20), 0.9, 1024, clock::milliseconds, tp -> { })
                .clean(LogCleanerManager.cleanable(compacted, null, clock.milliseconds()));
        } finally {
            compacted.close();
        }
        files.addAll(segmentFiles(compactedDir));

        String dump = runDumpLog("--deep-iteration", "--files", String.join(",", files));
        assertNoErrors(dump);
        TreeSet<Long> offsets = new TreeSet<>();
        TreeSet<Long> kept = new TreeSet<>();
        int indexEntries = 0;
        int timeIndexEntries = 0;
        boolean inCompacted = false;
        for (String line : dump.split("\n")) {
            if (line.startsWith("Dumping ")) {
                inCompacted = line.contains(compactedDir.getName());
            }
            Matcher record = RECORD_OFFSET.matcher(line);
            if (record.find()) {
                long offset = Long.parseLong(record.group(1));
                assertTrue((inCompacted ? kept : offsets).add(offset), "offset listed twice: " + line);
            }
            if (!inCompacted && INDEX_ENTRY.matcher(line).find()) {
                indexEntries++;
            }
            if (!inCompacted && TIME_INDEX_ENTRY.matcher(line).find()) {
                timeIndexEntries++;
            }
        }
        assertEquals(expectedRecords, offsets.size(), "every record offset is dumped:\n" + head(dump));
        assertEquals(0L, offsets.first());
        assertEquals(expectedRecords - 1, offsets.last().longValue());
        assertTrue(indexEntries > 0, "the offset index entries are dumped:\n" + head(dump));
        assertTrue(timeIndexEntries > 0, "the time index entries are dumped:\n" + head(dump));
        assertTrue(dump.contains("compresscodec: zstd"), head(dump));
        assertEquals(new TreeSet<>(List.of(9L, 10L, 11L)), kept, "the compacted log: the latest record of each key");
        assertTrue(dump.contains("deleteHorizonMs: OptionalLong[" + (clock.milliseconds() + 86_400_000L) + "]"),
            "the tombstone's batch shows its delete horizon:\n" + head(dump));

        String verify = runDumpLog("--verify-index-only", "--files", String.join(",", files));
        assertNoErrors(verify);
        assertFalse(verify.toLowerCase(Locale.ROOT).contains("mismatch"), verify);
    }

    private static List<String> segmentFiles(File dir) {
        List<String> files = new ArrayList<>();
        String[] names = dir.list((d, n) -> n.endsWith(".log") || n.endsWith(".index") || n.endsWith(".timeindex"));
        Arrays.sort(names);
        for (String name : names) {
            files.add(new File(dir, name).getAbsolutePath());
        }
        return files;
    }

    private static void assertNoErrors(String output) {
        String lower = output.toLowerCase(Locale.ROOT);
        for (String bad : List.of("exception", "error", "corrupt", "mismatch", "out of order", "does not match")) {
            assertFalse(lower.contains(bad), "'" + bad + "' in the output of kafka-dump-log:\n" + head(output));
        }
    }

    private static String head(String s) {
        return s.length() <= 6000 ? s : s.substring(0, 6000) + "\n...";
    }

    private String runDumpLog(String... args) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
            new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx256m",
            "-Dslf4j.internal.verbosity=WARN", "-cp", classpath, "kafka.tools.DumpLogSegments"));
        command.addAll(Arrays.asList(args));
        File out = new File(tmp, "dump-" + System.nanoTime() + ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
        try {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "kafka-dump-log did not finish in time");
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(out.toPath());
        assertEquals(0, process.exitValue(), "kafka-dump-log failed:\n" + head(output));
        return output;
    }
}
