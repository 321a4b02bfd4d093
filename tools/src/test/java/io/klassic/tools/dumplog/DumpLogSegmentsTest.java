package io.klassic.tools.dumplog;

import io.klassic.tools.DumpLogSegments;
import io.klassic.tools.ToolRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kafka-dump-log.sh} against Apache Kafka 3.9.1's own: both tools dump the same files written by log-storage
 * (see {@link SegmentFixtures}) with the same flags, and their standard output must be identical line for line, as
 * must their exit codes and standard error (Kafka's logging aside). The one difference allowed: when several files
 * have problems of the same kind, Kafka reports the files in the order of a Scala hash map and Klassic in the order
 * dumped, so standard error is compared with the files of each kind of problem sorted. Where Kafka's tool dies with
 * a stack trace (a missing file, a failed sanity check), only standard output and the exit code are compared.
 */
class DumpLogSegmentsTest {
    @TempDir
    static File tmp;

    private static List<String> dataFiles;
    private static List<String> logFiles;
    private static List<String> offsetsFiles;
    private static List<String> numberFiles;
    private static List<String> corruptFiles;
    private static File corruptDir;

    @BeforeAll
    static void writeSegments() throws Exception {
        File logDir = new File(tmp, "logs");
        SegmentFixtures fixtures = new SegmentFixtures(logDir);
        dataFiles = new ArrayList<>();
        logFiles = new ArrayList<>();
        for (File dir : List.of(fixtures.mixed(), fixtures.logAppendTime(), fixtures.transactional(), fixtures.compacted())) {
            dataFiles.addAll(SegmentFixtures.segmentFiles(dir, ".log", ".index", ".timeindex"));
            logFiles.addAll(SegmentFixtures.segmentFiles(dir, ".log"));
        }
        numberFiles = SegmentFixtures.segmentFiles(fixtures.numbers(), ".log");
        offsetsFiles = SegmentFixtures.segmentFiles(fixtures.consumerOffsets(), ".log", ".index", ".timeindex");
        corruptDir = new File(tmp, "corrupt-0");
        corruptFiles = corruptCopies(new File(logDir, "mixed-0"), corruptDir);
    }

    static Stream<List<String>> flagCombinations() {
        return Stream.of(
            List.of(),
            List.of("--deep-iteration"),
            List.of("--print-data-log"),
            List.of("--print-data-log", "--skip-record-metadata"),
            List.of("--deep-iteration", "--skip-record-metadata"),
            List.of("--verify-index-only"),
            List.of("--index-sanity-check"),
            List.of("--verify-index-only", "--deep-iteration"),
            List.of("--max-message-size", "3000", "--deep-iteration"),
            List.of("--max-bytes", "1000", "--print-data-log"),
            List.of("--value-decoder-class", "kafka.serializer.StringDecoder", "--key-decoder-class",
                "org.apache.kafka.tools.api.StringDecoder"),
            List.of("--key-decoder-class", "--skip-record-metadata"));
    }

    @ParameterizedTest
    @MethodSource("flagCombinations")
    void dataSegmentsDumpAsKafkaDumpsThem(List<String> flags) throws Exception {
        assertSameAsKafka(withFiles(flags, dataFiles));
    }

    @Test
    void segmentsHoldWhatTheComparisonsAreAbout() {
        ToolRun deep = runOurs(withFiles(List.of("--deep-iteration"), dataFiles));
        assertEquals(0, deep.exitCode(), deep.err());
        for (String expected : List.of("compresscodec: none", "compresscodec: gzip", "compresscodec: snappy",
            "compresscodec: lz4", "compresscodec: zstd", "keySize: -1", "valueSize: -1", "headerKeys: [trace,n]",
            "producerId: 4000 producerEpoch: 2", "lastSequence: 14", "partitionLeaderEpoch: 2", "LogAppendTime: ",
            "Log starting offset: 50", "isTransactional: true isControl: true", "endTxnMarker: COMMIT coordinatorEpoch: 17",
            "endTxnMarker: ABORT coordinatorEpoch: 18", "count: 0 ", "deleteHorizonMs: OptionalLong[",
            "\noffset: 3 position: ", "\ntimestamp: ")) {
            assertTrue(deep.out().contains(expected), expected + " in the dump of the segments");
        }
        assertTrue(deep.err().contains("\nNon-consecutive offsets in " + new File(tmp, "logs/compacted-0").getPath()),
            deep.err());
        // the batch the cleaner emptied keeps its time index entry, as Kafka's cleaner keeps it
        assertTrue(deep.err().startsWith("Found timestamp mismatch in :" + new File(tmp, "logs/compacted-0").getPath()),
            deep.err());
    }

    @ParameterizedTest
    @MethodSource("offsetsDecoderFlags")
    void consumerOffsetsDecodeAsKafkaDecodesThem(List<String> flags) throws Exception {
        assertSameAsKafka(withFiles(flags, offsetsFiles));
    }

    static Stream<List<String>> offsetsDecoderFlags() {
        return Stream.of(List.of("--offsets-decoder"), List.of("--offsets-decoder", "--skip-record-metadata"));
    }

    @ParameterizedTest
    @MethodSource("numberDecoders")
    void integerAndLongDecodersDecodeAsKafkas(List<String> flags) throws Exception {
        assertSameAsKafka(withFiles(flags, numberFiles));
    }

    static Stream<List<String>> numberDecoders() {
        return Stream.of(
            List.of("--key-decoder-class", "org.apache.kafka.tools.api.IntegerDecoder", "--value-decoder-class",
                "org.apache.kafka.tools.api.LongDecoder"),
            List.of("--key-decoder-class", "kafka.serializer.IntegerDecoder", "--value-decoder-class",
                "kafka.serializer.LongDecoder", "--skip-record-metadata"));
    }

    @Test
    void defaultDecoderPrintsByteArraysAsKafkaDoes() throws Exception {
        List<String> args = withFiles(List.of("--value-decoder-class", "kafka.serializer.DefaultDecoder",
            "--key-decoder-class", "org.apache.kafka.tools.api.DefaultDecoder"), numberFiles);
        ToolRun kafka = ApacheDumpLog.run(tmp, args);
        ToolRun ours = runOurs(args);
        // a byte array prints with its identity hash code, different in every JVM
        String arrays = "\\[B@[0-9a-f]+";
        assertTrue(ours.out().matches("(?s).* key: " + arrays + " payload: " + arrays + "\n.*"), ours.out());
        assertSameLines(kafka.out().replaceAll(arrays, "[B@hash"), ours.out().replaceAll(arrays, "[B@hash"),
            "standard output of " + args);
        assertEquals(kafka.exitCode(), ours.exitCode());
    }

    @ParameterizedTest
    @MethodSource("verificationFlags")
    void problemsAreReportedAsKafkaReportsThem(List<String> flags) throws Exception {
        List<String> args = withFiles(flags, corruptFiles);
        ToolRun ours = assertSameAsKafka(args);
        if (!flags.contains("--index-sanity-check")) {
            for (String problem : List.of("Mismatches in :", "  Index offset: ", "Found timestamp mismatch in :",
                "Found out of order timestamp in :", "The following indexed offsets are not found in the log.")) {
                assertTrue(ours.err().contains(problem), problem + " in\n" + ours.err());
            }
        }
    }

    static Stream<List<String>> verificationFlags() {
        return Stream.of(List.of(), List.of("--verify-index-only"), List.of("--deep-iteration"),
            List.of("--index-sanity-check"));
    }

    @Test
    void unknownAndEmptyFilesAreReportedAsKafkaReportsThem() throws Exception {
        File dir = new File(tmp, "odd-0");
        Files.createDirectories(dir.toPath());
        File emptyLog = new File(dir, "00000000000000000099.log");
        File emptyIndex = new File(dir, "00000000000000000099.index");
        File emptyTimeIndex = new File(dir, "00000000000000000099.timeindex");
        for (File f : List.of(emptyLog, emptyIndex, emptyTimeIndex)) {
            assertTrue(f.createNewFile());
        }
        List<String> files = List.of(new File(dir, "notes.txt").getPath(), emptyLog.getPath(), emptyIndex.getPath(),
            emptyTimeIndex.getPath(), new File(dir, "00000000000000000000.log.deleted").getPath(),
            new File(dir, "00000000000000000000.snapshot.swp").getPath());
        for (List<String> flags : List.of(List.<String>of(), List.of("--index-sanity-check"), List.of("--verify-index-only"))) {
            ToolRun ours = assertSameAsKafka(withFiles(flags, files));
            assertTrue(ours.err().startsWith("Ignoring unknown file " + files.get(0) + "\n"), ours.err());
        }
    }

    @Test
    void fileThatCannotBeDumpedEndsTheRunAsKafkasDoes() throws Exception {
        File dir = new File(tmp, "broken-0");
        Files.createDirectories(dir.toPath());
        File source = new File(tmp, "logs/mixed-0");
        // an offset index of 3 entries and 3 more bytes, and a time index whose last timestamp is its smallest
        File log = new File(dir, "00000000000000000000.log");
        Files.copy(new File(source, log.getName()).toPath(), log.toPath());
        File index = new File(dir, "00000000000000000000.index");
        byte[] entries = Files.readAllBytes(new File(source, index.getName()).toPath());
        Files.write(index.toPath(), Arrays.copyOf(entries, 8 * 3 + 3));
        File timeIndex = new File(dir, "00000000000000000000.timeindex");
        byte[] times = Files.readAllBytes(new File(source, timeIndex.getName()).toPath());
        byte[] reordered = Arrays.copyOf(times, 12 * 3);
        System.arraycopy(times, 0, reordered, 24, 12);
        System.arraycopy(times, 24, reordered, 0, 12);
        Files.write(timeIndex.toPath(), reordered);
        String missing = new File(dir, "00000000000000000042.log").getPath();
        List<List<String>> commands = List.of(
            withFiles(List.of("--index-sanity-check"), List.of(log.getPath(), index.getPath())),
            withFiles(List.of("--index-sanity-check"), List.of(timeIndex.getPath(), index.getPath())),
            withFiles(List.of(), List.of(log.getPath(), missing, index.getPath())),
            withFiles(List.of(), List.of(new File(dir, "00000000000000000042.index").getPath())),
            withFiles(List.of(), List.of(new File(dir, "segment.log").getPath())),
            withFiles(List.of("--max-message-size", "10"), List.of(index.getPath())));
        for (List<String> args : commands) {
            ToolRun kafka = ApacheDumpLog.run(tmp, args);
            ToolRun ours = runOurs(args);
            assertSameLines(kafka.out(), ours.out(), "standard output of " + args);
            assertTrue(kafka.err().contains("Exception in thread \"main\""), kafka.err());
            assertEquals(1, kafka.exitCode(), "Kafka's exit code for " + args);
            assertEquals(1, ours.exitCode(), "exit code for " + args + ": " + ours.err());
            assertFalse(ours.err().isBlank(), "a reason on standard error for " + args);
        }
        assertEquals("Corrupt time index found, time index file (" + timeIndex.getAbsolutePath() + ") has non-zero size "
            + "but the last timestamp is " + ByteBuffer.wrap(times).getLong(0) + " which is less than the first "
            + "timestamp " + ByteBuffer.wrap(times).getLong(24) + "\n",
            runOurs(commands.get(1)).err());
        assertEquals("Cannot dump " + missing + ": " + missing + " does not exist.\n", runOurs(commands.get(2)).err());
    }

    @Test
    void commandLineProblemsPrintUsageAsKafka() throws Exception {
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("--print-data-log"))) {
            ToolRun kafka = ApacheDumpLog.run(tmp, args);
            ToolRun ours = runOurs(args);
            assertEquals(1, ours.exitCode(), "exit code for " + args);
            assertEquals(kafka.exitCode(), ours.exitCode(), "exit code for " + args);
            assertEquals("", ours.out());
            assertEquals(kafka.err().lines().findFirst(), ours.err().lines().findFirst(), "first line for " + args);
            assertTrue(ours.err().contains("--files <String: file1, file2, ...>  REQUIRED: The comma separated list of data"),
                ours.err());
        }
        List<String> badDecoder = withFiles(List.of("--value-decoder-class", "com.example.MyDecoder"), logFiles);
        ToolRun ours = runOurs(badDecoder);
        assertEquals(ApacheDumpLog.run(tmp, badDecoder).exitCode(), ours.exitCode());
        assertTrue(ours.err().startsWith("Cannot use decoder class com.example.MyDecoder: this tool cannot load custom "
            + "decoders; use one of org.apache.kafka.tools.api.StringDecoder, "), ours.err());
        ToolRun unknown = runOurs(List.of("--bogus", "--files", "x.log"));
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().startsWith("bogus is not a recognized option\n"), unknown.err());
    }

    @Test
    void fileWithoutSuffixIsIgnoredWhereKafkaFails() {
        File checkpoint = new File(tmp, "logs/mixed-0/leader-epoch-checkpoint");
        ToolRun ours = runOurs(List.of("--files", checkpoint.getPath()));
        assertEquals(0, ours.exitCode());
        assertEquals("Dumping " + checkpoint.getPath() + "\n", ours.out());
        assertEquals("Ignoring unknown file " + checkpoint.getPath() + "\n", ours.err());
    }

    private static List<String> withFiles(List<String> flags, List<String> files) {
        List<String> args = new ArrayList<>(flags);
        args.add("--files");
        args.add(String.join(",", files));
        return args;
    }

    private static ToolRun assertSameAsKafka(List<String> args) throws Exception {
        ToolRun kafka = ApacheDumpLog.run(tmp, args);
        ToolRun ours = runOurs(args);
        assertSameLines(kafka.out(), ours.out(), "standard output of " + args);
        assertSameLines(sortedProblems(kafka.err()), sortedProblems(ours.err()), "standard error of " + args);
        assertEquals(kafka.exitCode(), ours.exitCode(), "exit code of " + args);
        return ours;
    }

    static ToolRun runOurs(List<String> args) {
        ToolRun.Streams streams = new ToolRun.Streams("");
        return streams.result(DumpLogSegments.mainNoExit(streams.io(), args.toArray(new String[0])));
    }

    private static void assertSameLines(String expected, String actual, String what) {
        List<String> e = Arrays.asList(expected.split("\n", -1));
        List<String> a = Arrays.asList(actual.split("\n", -1));
        for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
            assertEquals(e.get(i), a.get(i), "line " + (i + 1) + " of the " + what);
        }
        assertEquals(e.size(), a.size(), "lines in the " + what + "; Kafka:\n" + tail(expected) + "\nKlassic:\n" + tail(actual));
    }

    private static String tail(String s) {
        return s.length() <= 3000 ? s : "..." + s.substring(s.length() - 3000);
    }

    /** Standard error with each file's block of problems sorted within its kind of problem. */
    static String sortedProblems(String err) {
        List<List<String>> blocks = new ArrayList<>();
        for (String line : err.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            boolean continuation = line.startsWith("  ") || line.startsWith("Indexed offset:");
            if (!continuation || blocks.isEmpty()) {
                blocks.add(new ArrayList<>());
            }
            blocks.get(blocks.size() - 1).add(line);
        }
        List<String> kinds = List.of("Mismatches in", "Found timestamp mismatch", "Found out of order",
            "The following indexed offsets", "Non-consecutive offsets");
        Comparator<List<String>> order = (x, y) -> {
            int kx = kind(kinds, x.get(0));
            int ky = kind(kinds, y.get(0));
            if (kx != ky) {
                return Integer.compare(kx, ky);
            }
            // other lines (Ignoring unknown file ...) keep their order; a kind's files are sorted
            return kx < 0 ? 0 : String.join("\n", x).compareTo(String.join("\n", y));
        };
        List<List<String>> sorted = new ArrayList<>(blocks);
        sorted.sort(order);
        StringBuilder out = new StringBuilder();
        sorted.forEach(b -> b.forEach(l -> out.append(l).append('\n')));
        return out.toString();
    }

    private static int kind(List<String> kinds, String header) {
        for (int k = 0; k < kinds.size(); k++) {
            if (header.startsWith(kinds.get(k))) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Copies of the first two segments of {@code source}, damaged: garbage after the last batch of the first log; in
     * both offset indexes an entry pointing at the wrong batch; in the first time index a wrong timestamp, a
     * timestamp out of order and an offset that ends no batch.
     */
    private static List<String> corruptCopies(File source, File target) throws IOException {
        Files.createDirectories(target.toPath());
        List<String> files = new ArrayList<>();
        List<String> segments = SegmentFixtures.segmentFiles(source, ".log", ".index", ".timeindex");
        for (String path : segments.subList(0, 6)) {
            File copy = new File(target, new File(path).getName());
            Files.copy(new File(path).toPath(), copy.toPath(), StandardCopyOption.REPLACE_EXISTING);
            files.add(copy.getAbsolutePath());
        }
        try (RandomAccessFile log = new RandomAccessFile(new File(target, "00000000000000000000.log"), "rw")) {
            log.seek(log.length());
            log.write(ByteBuffer.allocate(40).putLong(1000).putInt(5000).array());
        }
        for (String name : List.of(files.get(0), files.get(3))) {
            try (RandomAccessFile index = new RandomAccessFile(name, "rw")) {
                assertTrue(index.length() >= 24, name + " has 3 entries");
                index.seek(8 + 4);
                int second = index.readInt();
                index.seek(16 + 4);
                index.writeInt(second);
            }
        }
        try (RandomAccessFile timeIndex = new RandomAccessFile(files.get(2), "rw")) {
            assertTrue(timeIndex.length() >= 48, files.get(2) + " has 4 entries");
            long first = timeIndex.readLong();
            timeIndex.seek(0);
            timeIndex.writeLong(first - 3);
            timeIndex.seek(24);
            timeIndex.writeLong(1_000L);
            timeIndex.seek(36 + 8);
            int relativeOffset = timeIndex.readInt();
            timeIndex.seek(36 + 8);
            timeIndex.writeInt(relativeOffset - 1);
        }
        return files;
    }
}
