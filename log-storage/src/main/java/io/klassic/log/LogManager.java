package io.klassic.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The logs of every partition this broker stores, spread over its log directories ({@code log.dirs}). Per log
 * directory it keeps, besides one sub-directory per partition ({@code <topic>-<partition>}):
 *
 * <pre>
 *   .lock                              held (FileLock) while this manager runs, so two brokers cannot share it
 *   .kafka_cleanshutdown               empty marker written by a clean shutdown, deleted once the logs are loaded
 *   recovery-point-offset-checkpoint   see {@link OffsetCheckpointFile}
 *   replication-offset-checkpoint      high watermarks
 *   log-start-offset-checkpoint
 *   cleaner-offset-checkpoint          first dirty offset of each compacted log ({@link LogCleaner})
 * </pre>
 *
 * On {@link #startup()} every partition directory is loaded (recovering, when the marker is absent, what lies past
 * the checkpointed recovery point); directories whose name ends in {@code -delete} are removed; other names that are
 * not {@code <topic>-<partition>} are skipped. New logs go to the directory with the fewest partitions.
 *
 * <p>Built with a {@link LogManagerConfig} and a {@link Scheduler}, it also runs the background work on that
 * scheduler: retention every {@code log.retention.check.interval.ms}, the flusher every
 * {@code log.flush.scheduler.interval.ms} (flushing logs whose {@code flush.ms} passed), the three checkpoints at
 * their intervals, producer expiration; it starts the {@link LogCleaner} (when {@code log.cleaner.enable}); segment
 * and log deletions wait {@code file.delete.delay.ms}. Built without, it does none of this and deletes at once.
 * Thread-safe: creation, deletion, checkpoints and shutdown are serialized; lookups take no lock.
 */
public final class LogManager {
    public static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    public static final String LOCK_FILE = ".lock";

    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);

    private enum State { LATENT, STARTED, SHUT_DOWN }

    private final List<File> logDirs;
    private final LogConfig defaults;
    private final LongSupplier clock;
    private final ConcurrentHashMap<TopicPartition, Log> logs = new ConcurrentHashMap<>();
    private final List<FileLock> dirLocks = new ArrayList<>();
    private final Object lock = new Object();
    private final LogManagerConfig managerConfig;
    private final Scheduler scheduler;
    private final List<Future<?>> tasks = new ArrayList<>();
    private volatile LogCleaner cleaner;
    private volatile State state = State.LATENT;

    /**
     * @param logDirs  the log directories (created on startup if missing); no two may be the same directory
     * @param defaults the configuration of logs loaded at startup (the caller applies topic overrides afterwards
     *                 with {@link Log#updateConfig})
     * @param clock    milliseconds since the epoch
     */
    public LogManager(List<File> logDirs, LogConfig defaults, LongSupplier clock) {
        this(logDirs, defaults, clock, null, null);
    }

    /**
     * A log manager that runs retention, flushing, checkpointing, producer expiration and (if enabled) the log
     * cleaner in the background once started.
     *
     * @param managerConfig the background work's settings (null: none)
     * @param scheduler     where the periodic tasks and delayed deletions run (null: none; deletions are immediate)
     */
    public LogManager(List<File> logDirs, LogConfig defaults, LongSupplier clock, LogManagerConfig managerConfig,
                      Scheduler scheduler) {
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("At least one log directory is required.");
        }
        Set<String> seen = new HashSet<>();
        for (File dir : logDirs) {
            String path = dir.getAbsoluteFile().toPath().normalize().toString();
            if (!seen.add(path)) {
                throw new IllegalArgumentException("Duplicate log directory found: " + dir + ".");
            }
        }
        this.logDirs = List.copyOf(logDirs);
        this.defaults = defaults;
        this.clock = clock;
        this.managerConfig = managerConfig;
        this.scheduler = scheduler;
    }

    public List<File> logDirs() {
        return logDirs;
    }

    /**
     * Creates missing log directories, locks them, loads every partition found, then deletes the clean-shutdown
     * markers.
     *
     * @throws KafkaStorageException when a directory cannot be created, locked or read
     * @throws IllegalStateException when started twice or when two directories hold the same partition
     */
    public void startup() {
        startup(topic -> defaults);
    }

    /**
     * As {@link #startup()}, loading each log with {@code topicConfigs.apply(topic)} (the topic's overrides on the
     * broker defaults, as Kafka reads them from ZooKeeper before loading), so that retention and the cleaner never
     * see a compacted topic under the default {@code cleanup.policy}. A null answer means the defaults.
     */
    public void startup(Function<String, LogConfig> topicConfigs) {
        synchronized (lock) {
            if (state != State.LATENT) {
                throw new IllegalStateException("The log manager was already started.");
            }
            try {
                for (File dir : logDirs) {
                    lockDir(dir);
                }
                for (File dir : logDirs) {
                    loadLogs(dir, topicConfigs);
                }
            } catch (RuntimeException e) {
                closeAllQuietly();
                logs.clear();
                releaseLocks();
                throw e;
            }
            state = State.STARTED;
            if (managerConfig != null && scheduler != null) {
                startBackgroundWork();
            }
        }
    }

    private void startBackgroundWork() {
        long delay = managerConfig.initialTaskDelayMs();
        tasks.add(scheduler.schedule("kafka-log-retention", this::cleanupLogs, delay,
            managerConfig.retentionCheckIntervalMs()));
        if (managerConfig.flushCheckIntervalMs() < Long.MAX_VALUE) {
            tasks.add(scheduler.schedule("kafka-log-flusher", this::flushDirtyLogs, delay,
                managerConfig.flushCheckIntervalMs()));
        }
        tasks.add(scheduler.schedule("kafka-recovery-point-checkpoint",
            () -> checkpointIfStarted(OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT), delay,
            managerConfig.recoveryPointCheckpointIntervalMs()));
        tasks.add(scheduler.schedule("kafka-log-start-offset-checkpoint",
            () -> checkpointIfStarted(OffsetCheckpointFile.LOG_START_OFFSET_CHECKPOINT), delay,
            managerConfig.logStartOffsetCheckpointIntervalMs()));
        // at once, as Kafka's ReplicaManager does: a broker killed soon after starting keeps its high watermarks
        tasks.add(scheduler.schedule("highwatermark-checkpoint",
            () -> checkpointIfStarted(OffsetCheckpointFile.REPLICATION_OFFSET_CHECKPOINT), 0,
            managerConfig.highWatermarkCheckpointIntervalMs()));
        tasks.add(scheduler.schedule("PeriodicProducerExpirationCheck", this::removeExpiredProducers, delay,
            managerConfig.producerIdExpirationCheckIntervalMs()));
        CleanerConfig cleanerConfig = managerConfig.cleaner();
        if (cleanerConfig.enableCleaner() && cleanerConfig.numThreads() > 0) {
            cleaner = new LogCleaner(cleanerConfig, logDirs, this::allLogs, clock);
            cleaner.startup();
        }
        LOG.info("Started the log manager's background tasks (retention every {} ms, cleaner {}).",
            managerConfig.retentionCheckIntervalMs(), cleaner == null ? "disabled" : "enabled");
    }

    /** The log cleaner, or null when it is not running. */
    public LogCleaner cleaner() {
        return cleaner;
    }

    /**
     * One retention pass over every log ({@link Log#deleteOldSegments()}); returns the segments deleted. Run
     * every {@code log.retention.check.interval.ms}.
     */
    public int cleanupLogs() {
        int deleted = 0;
        for (Log log : allLogs()) {
            if (state != State.STARTED) {
                break;
            }
            try {
                deleted += log.deleteOldSegments();
            } catch (KafkaStorageException | IllegalStateException e) {
                LOG.error("Retention failed for {}: {}", log.topicPartition(), e.toString());
            }
        }
        return deleted;
    }

    /** Flushes every log whose {@code flush.ms} has passed since its last flush. */
    public void flushDirtyLogs() {
        for (Log log : allLogs()) {
            if (state != State.STARTED) {
                break;
            }
            try {
                log.flushIfDue();
            } catch (KafkaStorageException | IllegalStateException e) {
                LOG.error("Flushing {} failed: {}", log.topicPartition(), e.toString());
            }
        }
    }

    private void removeExpiredProducers() {
        for (Log log : allLogs()) {
            if (state != State.STARTED) {
                break;
            }
            int removed = log.removeExpiredProducers(managerConfig.producerIdExpirationMs());
            if (removed > 0) {
                LOG.info("Removed {} expired producer(s) from {}.", removed, log.topicPartition());
            }
        }
    }

    private void checkpointIfStarted(String fileName) {
        synchronized (lock) {
            if (state != State.STARTED) {
                return;
            }
            for (File dir : logDirs) {
                writeCheckpoint(dir, fileName);
            }
        }
    }

    /**
     * Truncates a partition's log to {@code offset} (a follower diverging from its leader) with its cleaning
     * paused meanwhile, and lowers its cleaner checkpoint. Returns whether anything was removed.
     */
    public boolean truncateTo(String topic, int partition, long offset) {
        Log log = getLog(topic, partition);
        if (log == null) {
            return false;
        }
        LogCleaner c = cleaner;
        TopicPartition tp = log.topicPartition();
        boolean paused = false;
        try {
            if (c != null) {
                c.abortAndPauseCleaning(tp);
                paused = true;
            }
            boolean truncated = log.truncateTo(offset);
            if (c != null) {
                c.maybeTruncateCheckpoint(log.dir().getAbsoluteFile().getParentFile(), tp, log.logEndOffset());
            }
            return truncated;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while pausing the cleaning of " + tp + ".", e);
        } finally {
            if (paused) {
                c.resumeCleaning(tp);
            }
        }
    }

    private void lockDir(File dir) {
        try {
            Files.createDirectories(dir.toPath());
            FileChannel channel = FileChannel.open(new File(dir, LOCK_FILE).toPath(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            FileLock fileLock;
            try {
                fileLock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null;
            }
            if (fileLock == null) {
                channel.close();
                throw new KafkaStorageException("Failed to acquire lock on file " + LOCK_FILE + " in " + dir
                    + ". A Kafka instance in another process or thread is using this directory.", dir.getPath(),
                    null);
            }
            dirLocks.add(fileLock);
        } catch (IOException e) {
            throw new KafkaStorageException("Failed to create or lock the log directory " + dir + ": " + e,
                dir.getPath(), e);
        }
    }

    private void loadLogs(File dir, Function<String, LogConfig> topicConfigs) {
        File marker = new File(dir, CLEAN_SHUTDOWN_FILE);
        boolean hadCleanShutdown = marker.exists();
        Map<TopicPartition, Long> recoveryPoints = readCheckpoint(dir, OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT);
        Map<TopicPartition, Long> logStartOffsets = readCheckpoint(dir,
            OffsetCheckpointFile.LOG_START_OFFSET_CHECKPOINT);
        Map<TopicPartition, Long> highWatermarks = readCheckpoint(dir,
            OffsetCheckpointFile.REPLICATION_OFFSET_CHECKPOINT);
        File[] children = dir.listFiles(File::isDirectory);
        if (children == null) {
            throw new KafkaStorageException("Cannot list the log directory " + dir + ".", dir.getPath(), null);
        }
        Arrays.sort(children);
        LOG.info("Loading logs from {} ({} shutdown).", dir, hadCleanShutdown ? "clean" : "unclean");
        for (File child : children) {
            String name = child.getName();
            if (name.endsWith(Log.DELETE_DIR_SUFFIX)) {
                LOG.info("Deleting {}, a log marked for deletion.", child);
                try {
                    SegmentDeleter.deleteRecursively(child.toPath());
                } catch (IOException e) {
                    throw new KafkaStorageException("Failed to delete " + child + ": " + e, dir.getPath(), e);
                }
                continue;
            }
            TopicPartition tp = parseTopicPartitionName(name);
            if (tp == null) {
                LOG.warn("Skipping {}: its name is not of the form <topic>-<partition>.", child);
                continue;
            }
            Log existing = logs.get(tp);
            if (existing != null) {
                throw new IllegalStateException("Duplicate log directories for " + tp + " are found in both "
                    + existing.dir() + " and " + child + ". Remove one of them.");
            }
            LogConfig config = topicConfigs.apply(tp.topic());
            Log log = Log.open(child, tp.topic(), tp.partition(), config == null ? defaults : config,
                recoveryPoints.getOrDefault(tp, 0L),
                logStartOffsets.getOrDefault(tp, 0L), hadCleanShutdown, clock, scheduler);
            log.updateHighWatermark(highWatermarks.getOrDefault(tp, 0L));
            logs.put(tp, log);
        }
        try {
            Files.deleteIfExists(marker.toPath());
            AtomicFiles.fsyncDirectory(dir.toPath());
        } catch (IOException e) {
            throw new KafkaStorageException("Failed to delete " + marker + ": " + e, dir.getPath(), e);
        }
    }

    private static Map<TopicPartition, Long> readCheckpoint(File dir, String name) {
        OffsetCheckpointFile file = new OffsetCheckpointFile(new File(dir, name));
        try {
            return file.read();
        } catch (IOException e) {
            LOG.warn("Ignoring {}: {} Its logs are loaded as if it had no entries.", file.file(), e.getMessage());
            return new HashMap<>();
        }
    }

    /**
     * Kafka's rule for a partition directory name: the part after the last '-' is the partition number, the part
     * before it the topic (which may itself contain '-'). Returns null for any other name.
     */
    static TopicPartition parseTopicPartitionName(String name) {
        int index = name.lastIndexOf('-');
        if (index <= 0 || index == name.length() - 1) {
            return null;
        }
        String topic = name.substring(0, index);
        String partition = name.substring(index + 1);
        for (int i = 0; i < partition.length(); i++) {
            if (!Character.isDigit(partition.charAt(i))) {
                return null;
            }
        }
        try {
            return new TopicPartition(topic, Integer.parseInt(partition));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The log of the partition, or null when this broker has none. */
    public Log getLog(String topic, int partition) {
        return logs.get(new TopicPartition(topic, partition));
    }

    /**
     * The log of the partition, created (empty, with {@code config}) in the log directory holding the fewest
     * partitions when it does not exist yet. An existing log keeps its configuration.
     */
    public Log getOrCreateLog(String topic, int partition, LogConfig config) {
        TopicPartition tp = new TopicPartition(topic, partition);
        Log existing = logs.get(tp);
        if (existing != null) {
            return existing;
        }
        validateName(topic, partition);
        synchronized (lock) {
            checkStarted();
            existing = logs.get(tp);
            if (existing != null) {
                return existing;
            }
            File logDir = nextLogDir();
            Log log = Log.open(new File(logDir, tp.toString()), topic, partition, config, 0L, 0L, true, clock,
                scheduler);
            logs.put(tp, log);
            LOG.info("Created the log of {} in {}.", tp, logDir);
            return log;
        }
    }

    private static void validateName(String topic, int partition) {
        if (partition < 0) {
            throw new IllegalArgumentException("Partition " + partition + " of topic " + topic + " is negative.");
        }
        if (topic.equals(".") || topic.equals("..") || topic.contains("/") || topic.contains(File.separator)
            || topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Topic name '" + topic + "' cannot be used as a directory name.");
        }
    }

    private File nextLogDir() {
        Map<File, Integer> counts = new LinkedHashMap<>();
        for (File dir : logDirs) {
            counts.put(dir.getAbsoluteFile(), 0);
        }
        for (Log log : logs.values()) {
            counts.merge(log.dir().getAbsoluteFile().getParentFile(), 1, Integer::sum);
        }
        File best = null;
        int bestCount = Integer.MAX_VALUE;
        for (File dir : logDirs) {
            int count = counts.getOrDefault(dir.getAbsoluteFile(), 0);
            if (count < bestCount) {
                best = dir;
                bestCount = count;
            }
        }
        return best;
    }

    /**
     * Closes the partition's log and removes its directory: renamed to {@code <topic>-<partition>.<uuid>-delete} at
     * once, deleted after {@code file.delete.delay.ms} when a scheduler runs (at once otherwise). Its cleaning is
     * aborted and its cleaner checkpoint entry removed. Nothing happens when there is no such log.
     */
    public void deleteLog(String topic, int partition) {
        synchronized (lock) {
            TopicPartition tp = new TopicPartition(topic, partition);
            Log log = logs.remove(tp);
            if (log == null) {
                return;
            }
            File logDir = log.dir().getAbsoluteFile().getParentFile();
            LogCleaner c = cleaner;
            if (c != null) {
                try {
                    c.removeLog(logDir, tp);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long delay = log.config().fileDeleteDelayMs();
            if (scheduler == null || delay == 0) {
                log.delete();
                return;
            }
            java.nio.file.Path renamed = log.closeAndRenameForDeletion();
            if (renamed != null) {
                Runnable deletion = () -> {
                    try {
                        SegmentDeleter.deleteRecursively(renamed);
                        LOG.info("Deleted the log directory {}.", renamed);
                    } catch (IOException e) {
                        LOG.error("Failed to delete {}: {}", renamed, e.toString());
                    }
                };
                try {
                    scheduler.scheduleOnce("delete-log", deletion, delay);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    deletion.run();
                }
            }
            LOG.info("Scheduled the deletion of the log of {} ({} ms).", tp, delay);
        }
    }

    /** A snapshot of every log. */
    public Collection<Log> allLogs() {
        List<Log> all = new ArrayList<>(logs.values());
        all.sort(Comparator.comparing((Log l) -> l.topic()).thenComparingInt(Log::partition));
        return all;
    }

    /** Writes the recovery points, high watermarks and log start offsets of every log to its log directory. */
    public void checkpoint() {
        synchronized (lock) {
            checkStarted();
            for (File dir : logDirs) {
                checkpointDir(dir);
            }
        }
    }

    private void checkpointDir(File dir) {
        writeCheckpoint(dir, OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT);
        writeCheckpoint(dir, OffsetCheckpointFile.REPLICATION_OFFSET_CHECKPOINT);
        writeCheckpoint(dir, OffsetCheckpointFile.LOG_START_OFFSET_CHECKPOINT);
    }

    /** Writes one of the three offset checkpoint files of {@code dir} from the logs in it. Caller holds the lock. */
    private void writeCheckpoint(File dir, String fileName) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        File absolute = dir.getAbsoluteFile();
        for (Log log : allLogs()) {
            if (absolute.equals(log.dir().getAbsoluteFile().getParentFile())) {
                long offset = switch (fileName) {
                    case OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT -> log.recoveryPoint();
                    case OffsetCheckpointFile.REPLICATION_OFFSET_CHECKPOINT -> log.highWatermark();
                    default -> log.logStartOffset();
                };
                offsets.put(log.topicPartition(), offset);
            }
        }
        try {
            new OffsetCheckpointFile(new File(dir, fileName)).write(offsets);
        } catch (IOException e) {
            throw new KafkaStorageException("Failed to write " + fileName + " in " + dir + ": " + e,
                dir.getPath(), e);
        }
    }

    /**
     * Flushes every log, writes the checkpoints, closes the logs and writes the clean-shutdown marker in each log
     * directory where all of this succeeded; then releases the directory locks. The first failure is rethrown at
     * the end. Idempotent.
     */
    public void shutdown() {
        synchronized (lock) {
            if (state != State.STARTED) {
                state = State.SHUT_DOWN;
                return;
            }
            state = State.SHUT_DOWN;
            for (Future<?> task : tasks) {
                task.cancel(false);
            }
            tasks.clear();
            LogCleaner c = cleaner;
            if (c != null) {
                c.shutdown();
                cleaner = null;
            }
            RuntimeException failure = null;
            for (File dir : logDirs) {
                try {
                    shutdownDir(dir);
                } catch (RuntimeException e) {
                    LOG.error("Unclean shutdown of log directory {}: {}", dir, e.toString());
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            closeAllQuietly();
            logs.clear();
            releaseLocks();
            if (failure != null) {
                throw failure;
            }
        }
    }

    private void shutdownDir(File dir) {
        File absolute = dir.getAbsoluteFile();
        List<Log> inDir = new ArrayList<>();
        for (Log log : logs.values()) {
            if (absolute.equals(log.dir().getAbsoluteFile().getParentFile())) {
                inDir.add(log);
            }
        }
        for (Log log : inDir) {
            log.flush();
        }
        checkpointDir(dir);
        for (Log log : inDir) {
            log.close();
        }
        File marker = new File(dir, CLEAN_SHUTDOWN_FILE);
        try {
            Files.createFile(marker.toPath());
            AtomicFiles.fsyncDirectory(dir.toPath());
        } catch (FileAlreadyExistsException e) {
            // already marked
        } catch (IOException e) {
            throw new KafkaStorageException("Failed to write " + marker + ": " + e, dir.getPath(), e);
        }
        LOG.info("Shut down the logs of {} cleanly.", dir);
    }

    private void closeAllQuietly() {
        for (Log log : logs.values()) {
            try {
                log.close();
            } catch (RuntimeException e) {
                LOG.warn("Failed to close {}: {}", log, e.toString());
            }
        }
    }

    private void releaseLocks() {
        for (FileLock fileLock : dirLocks) {
            try {
                fileLock.release();
                fileLock.channel().close();
            } catch (IOException e) {
                LOG.warn("Failed to release {}: {}", fileLock, e.toString());
            }
        }
        dirLocks.clear();
    }

    private void checkStarted() {
        if (state != State.STARTED) {
            throw new IllegalStateException("The log manager is " + (state == State.LATENT ? "not started yet."
                : "shut down."));
        }
    }
}
