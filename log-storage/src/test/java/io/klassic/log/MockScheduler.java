package io.klassic.log;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A scheduler driven by a {@link TestUtils.MockClock}: {@link #tick()} runs every task that is due. */
final class MockScheduler implements Scheduler {
    private final TestUtils.MockClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long sequence;

    MockScheduler(TestUtils.MockClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Future<?> schedule(String name, Runnable task, long delayMs, long periodMs) {
        Task t = new Task(name, task, clock.milliseconds() + Math.max(0, delayMs), periodMs, sequence++);
        queue.add(t);
        return t;
    }

    /** Advances the clock by {@code ms}, then runs the tasks that are due. */
    void advance(long ms) {
        clock.advance(ms);
        tick();
    }

    /** Runs every task due at the clock's time (periodic tasks are rescheduled). */
    void tick() {
        while (true) {
            Task due;
            synchronized (this) {
                Task head = queue.peek();
                if (head == null || head.at > clock.milliseconds()) {
                    return;
                }
                due = queue.poll();
                if (due.isCancelledNow()) {
                    continue;
                }
                if (due.period > 0) {
                    queue.add(new Task(due, due.at + due.period, sequence++));
                }
            }
            due.task.run();
        }
    }

    /** The names of the pending (not cancelled) tasks. */
    synchronized List<String> pending() {
        List<String> names = new ArrayList<>();
        for (Task t : queue) {
            if (!t.isCancelledNow()) {
                names.add(t.name);
            }
        }
        return names;
    }

    private static final class Task implements Future<Object>, Comparable<Task> {
        final String name;
        final Runnable task;
        final long at;
        final long period;
        final long seq;
        final Task origin;
        volatile boolean cancelled;

        Task(String name, Runnable task, long at, long period, long seq) {
            this.name = name;
            this.task = task;
            this.at = at;
            this.period = period;
            this.seq = seq;
            this.origin = null;
        }

        Task(Task previous, long at, long seq) {
            this.name = previous.name;
            this.task = previous.task;
            this.at = at;
            this.period = previous.period;
            this.seq = seq;
            this.origin = previous.origin == null ? previous : previous.origin;
            this.cancelled = this.origin.cancelled;
        }

        boolean isCancelledNow() {
            return cancelled || (origin != null && origin.cancelled);
        }

        @Override
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
