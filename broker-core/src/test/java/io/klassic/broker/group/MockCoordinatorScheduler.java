package io.klassic.broker.group;

import java.util.PriorityQueue;

/**
 * A {@link CoordinatorScheduler} whose clock moves only when a test calls {@link #advance}, running the tasks that
 * fall due, in time order, on the test's thread. Not thread-safe: one test thread drives it.
 */
final class MockCoordinatorScheduler implements CoordinatorScheduler {
    private record Task(long due, long seq, Runnable action, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    MockCoordinatorScheduler(long start) {
        this.now = start;
    }

    @Override
    public long milliseconds() {
        return now;
    }

    @Override
    public Timeout schedule(Runnable task, long delayMs) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Task(now + Math.max(0, delayMs), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock forward by {@code ms}, running every task due by then (tasks at the same time in scheduling order). */
    void advance(long ms) {
        long target = now + ms;
        while (!tasks.isEmpty() && tasks.peek().due <= target) {
            Task task = tasks.poll();
            now = Math.max(now, task.due);
            if (!task.cancelled[0]) {
                task.action.run();
            }
        }
        now = target;
    }

    @Override
    public void close() {
        tasks.clear();
    }
}
