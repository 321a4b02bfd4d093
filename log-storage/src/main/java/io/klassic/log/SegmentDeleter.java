package io.klassic.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;

/**
 * Deletes what leaves a log the way Kafka does, so that readers already handed a file can finish: segments are
 * renamed to {@code <name>.deleted} at once and closed and removed {@code file.delete.delay.ms} later on the
 * {@link Scheduler} (at once without one, or when it is shut down); a whole log directory is renamed to
 * {@code <topic>-<partition>.<uuid>-delete} before it is removed. A restarted broker removes whatever such names
 * are left ({@link LogLoader}, {@link LogManager}). Thread-safe.
 */
final class SegmentDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentDeleter.class);

    private final TopicPartition topicPartition;
    private final Scheduler scheduler;

    SegmentDeleter(TopicPartition topicPartition, Scheduler scheduler) {
        this.topicPartition = topicPartition;
        this.scheduler = scheduler;
    }

    /** Renames the segments' files to {@code .deleted} now and deletes them after {@code delayMs}. */
    void delete(List<LogSegment> removed, long delayMs, String reason) throws IOException {
        for (LogSegment segment : removed) {
            segment.changeFileSuffixes("", Log.DELETED_FILE_SUFFIX);
        }
        Runnable deleteFiles = () -> {
            for (LogSegment segment : removed) {
                try {
                    segment.close();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Ignoring an error closing {} before deleting it: {}", segment, e.toString());
                }
                try {
                    segment.deleteIfExists();
                } catch (IOException e) {
                    LOG.error("Failed to delete the files of {}: {}", segment, e.toString());
                }
            }
        };
        if (scheduler == null || delayMs == 0) {
            deleteFiles.run();
            return;
        }
        try {
            scheduler.scheduleOnce("delete-file", deleteFiles, delayMs);
        } catch (RejectedExecutionException e) {
            LOG.debug("The scheduler is shut down; deleting {} segment(s) of {} at once ({}).", removed.size(),
                topicPartition, reason);
            deleteFiles.run();
        }
    }

    /** Renames a log directory to {@code <name>.<uuid>-delete}; returns the new path, or null if it is gone. */
    static Path renameDirForDeletion(File dir) throws IOException {
        if (!Files.exists(dir.toPath())) {
            return null;
        }
        Path target = dir.toPath().resolveSibling(dir.getName() + "."
            + UUID.randomUUID().toString().replace("-", "") + Log.DELETE_DIR_SUFFIX);
        Files.move(dir.toPath(), target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Deletes a file or a directory tree; nothing happens when it does not exist. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
