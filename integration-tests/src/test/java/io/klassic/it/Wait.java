package io.klassic.it;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes: the only way the integration tests wait for
 * another process. A condition that throws a RuntimeException counts as "not yet" (the last one is
 * attached to the failure); an AssertionError thrown by the condition ends the wait at once, which is how
 * a condition reports that waiting longer is pointless (for example: the server process has exited).
 *
 * <p>Stateless; thread-safe.
 */
public final class Wait {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Wait() {
    }

    /** Waits until {@code condition} holds; fails with {@code message} after {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout, String message) {
        until(condition, timeout, () -> message);
    }

    /** Same as {@link #until(BooleanSupplier, Duration, String)}, the message built only on failure. */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError error = new AssertionError(
                        "Timed out after " + timeout.toMillis() + " ms: " + message.get()
                                + (last == null ? "" : "\nLast exception: " + last));
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
