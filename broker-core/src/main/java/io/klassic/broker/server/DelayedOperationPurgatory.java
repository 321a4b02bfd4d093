package io.klassic.broker.server;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where delayed operations wait, watched under keys (partitions): an event on a key ({@link #checkAndComplete})
 * re-checks the operations watching it; a timer completes each one when its time is up. Thread-safe.
 */
public final class DelayedOperationPurgatory<K> {
    private final ScheduledExecutorService timer;
    private final Map<K, Set<DelayedOperation>> watchers = new ConcurrentHashMap<>();

    public DelayedOperationPurgatory(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Completes the operation now if it can, else watches it under every key until it completes or times out. */
    public void tryCompleteElseWatch(DelayedOperation operation, Collection<K> keys, long timeoutMs) {
        if (operation.tryComplete()) {
            return;
        }
        for (K key : keys) {
            watchers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(operation);
        }
        // An event may have happened between the first check and the watch: check once more.
        if (operation.tryComplete()) {
            unwatch(operation, keys);
            return;
        }
        operation.setTimeout(timer.schedule(() -> {
            operation.forceComplete();
            unwatch(operation, keys);
        }, timeoutMs, TimeUnit.MILLISECONDS));
        if (operation.isCompleted()) {
            unwatch(operation, keys);
        }
    }

    /** Re-checks the operations watching {@code key}; returns how many completed. */
    public int checkAndComplete(K key) {
        Set<DelayedOperation> set = watchers.get(key);
        if (set == null || set.isEmpty()) {
            return 0;
        }
        int completed = 0;
        for (DelayedOperation operation : set) {
            if (operation.isCompleted() || operation.tryComplete()) {
                set.remove(operation);
                completed++;
            }
        }
        return completed;
    }

    private void unwatch(DelayedOperation operation, Collection<K> keys) {
        for (K key : keys) {
            Set<DelayedOperation> set = watchers.get(key);
            if (set != null) {
                set.remove(operation);
            }
        }
    }

    public int watched() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }
}
