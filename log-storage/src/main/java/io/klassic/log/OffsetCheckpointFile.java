package io.klassic.log;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-log-directory file of one offset per partition, in Kafka's text format (each line ends with '\n'):
 *
 * <pre>
 *   0                          the format version
 *   2                          the number of entries
 *   my-topic 0 1234            topic, partition, offset, separated by one space
 *   my-topic 1 99
 * </pre>
 *
 * Used for {@code recovery-point-offset-checkpoint}, {@code replication-offset-checkpoint} (high watermarks) and
 * {@code log-start-offset-checkpoint}. Written crash-safely (temporary file, fsync, rename). Thread-safe: reads and
 * writes of one instance are serialized.
 */
public final class OffsetCheckpointFile {
    public static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    public static final String REPLICATION_OFFSET_CHECKPOINT = "replication-offset-checkpoint";
    public static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
    public static final int VERSION = 0;

    private final File file;

    public OffsetCheckpointFile(File file) {
        this.file = file;
    }

    public File file() {
        return file;
    }

    /** Replaces the file's content with {@code offsets}. */
    public synchronized void write(Map<TopicPartition, Long> offsets) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(VERSION).append('\n');
        text.append(offsets.size()).append('\n');
        for (Map.Entry<TopicPartition, Long> entry : offsets.entrySet()) {
            TopicPartition tp = entry.getKey();
            text.append(tp.topic()).append(' ').append(tp.partition()).append(' ').append(entry.getValue())
                .append('\n');
        }
        AtomicFiles.write(file.toPath(), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The entries in file order; empty when the file does not exist.
     *
     * @throws IOException naming the file and the offending line when the content is malformed
     */
    public synchronized Map<TopicPartition, Long> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        }
        if (lines.isEmpty()) {
            throw malformed("the file is empty; expected the version " + VERSION + " on the first line");
        }
        String version = lines.get(0).trim();
        if (!version.equals(Integer.toString(VERSION))) {
            throw malformed("unrecognized version '" + version + "'; expected " + VERSION);
        }
        if (lines.size() < 2) {
            throw malformed("the entry count line is missing");
        }
        int expected;
        try {
            expected = Integer.parseInt(lines.get(1).trim());
        } catch (NumberFormatException e) {
            throw malformed("the entry count '" + lines.get(1) + "' is not a number");
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        int found = 0;
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 3) {
                throw malformed("malformed line " + (i + 1) + ": '" + line + "'");
            }
            try {
                offsets.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                throw malformed("malformed line " + (i + 1) + ": '" + line + "'");
            }
            found++;
        }
        if (found != expected) {
            throw malformed("expected " + expected + " entries but found " + found);
        }
        return offsets;
    }

    private IOException malformed(String what) {
        return new IOException("Malformed checkpoint file (" + file.getAbsolutePath() + "): " + what + ".");
    }

    @Override
    public String toString() {
        return "OffsetCheckpointFile(" + file + ")";
    }
}
