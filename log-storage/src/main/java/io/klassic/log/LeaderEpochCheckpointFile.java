package io.klassic.log;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition's {@code leader-epoch-checkpoint} file, in Kafka's text format (each line ends with '\n'):
 *
 * <pre>
 *   0            the format version
 *   2            the number of entries
 *   0 0          epoch, then the first offset of that epoch, separated by one space
 *   3 1200
 * </pre>
 *
 * Written crash-safely (temporary file, fsync, rename). Thread-safe: reads and writes of one instance are
 * serialized.
 */
public final class LeaderEpochCheckpointFile {
    public static final String FILE_NAME = "leader-epoch-checkpoint";
    public static final int VERSION = 0;

    private final File file;

    public LeaderEpochCheckpointFile(File file) {
        this.file = file;
    }

    /** The checkpoint of the partition whose directory is {@code partitionDir}. */
    public static LeaderEpochCheckpointFile in(File partitionDir) {
        return new LeaderEpochCheckpointFile(new File(partitionDir, FILE_NAME));
    }

    public File file() {
        return file;
    }

    /** Replaces the file's content with {@code entries}. */
    public synchronized void write(List<EpochEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(VERSION).append('\n').append(entries.size()).append('\n');
        for (EpochEntry entry : entries) {
            text.append(entry.epoch()).append(' ').append(entry.startOffset()).append('\n');
        }
        AtomicFiles.write(file.toPath(), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The entries in file order; empty when the file does not exist.
     *
     * @throws IOException naming the file and the offending line when the content is malformed
     */
    public synchronized List<EpochEntry> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        }
        if (lines.isEmpty()) {
            throw malformed("the file is empty; expected the version " + VERSION + " on the first line");
        }
        if (!lines.get(0).trim().equals(Integer.toString(VERSION))) {
            throw malformed("unrecognized version '" + lines.get(0).trim() + "'; expected " + VERSION);
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
        List<EpochEntry> entries = new ArrayList<>();
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 2) {
                throw malformed("malformed line " + (i + 1) + ": '" + line + "'");
            }
            try {
                entries.add(new EpochEntry(Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
            } catch (NumberFormatException e) {
                throw malformed("malformed line " + (i + 1) + ": '" + line + "'");
            }
        }
        if (entries.size() != expected) {
            throw malformed("expected " + expected + " entries but found " + entries.size());
        }
        return entries;
    }

    private IOException malformed(String what) {
        return new IOException("Malformed leader epoch checkpoint file (" + file.getAbsolutePath() + "): " + what
            + ".");
    }
}
