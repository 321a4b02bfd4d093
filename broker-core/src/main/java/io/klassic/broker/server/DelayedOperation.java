package io.klassic.broker.server;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request parked until its condition holds or its time runs out (a long-poll fetch; later an acks=all
 * produce). {@link #tryComplete()} checks the condition and completes when it holds; {@link #forceComplete()}
 * completes exactly once, whoever calls it first. Thread-safe.
 */
public abstract class DelayedOperation {
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile ScheduledFuture<?> timeout;

    /** Checks the condition; if it holds, calls {@link #forceComplete()} and returns true. */
    public abstract boolean tryComplete();

    /** Builds and sends the response; called exactly once. */
    protected abstract void onComplete();

    public boolean forceComplete() {
        if (completed.compareAndSet(false, true)) {
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            onComplete();
            return true;
        }
        return false;
    }

    public boolean isCompleted() {
        return completed.get();
    }

    void setTimeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
    }
}
