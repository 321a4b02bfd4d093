package io.klassic.broker.controller;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The controller's single event thread ({@code controller-event-thread}): ZooKeeper watches, broker responses,
 * timers and requests all become named events, processed one at a time in the order they were queued, so the
 * controller's state needs no locks. An event that throws is logged and handed to the error handler; the thread
 * goes on with the next one. After each event a hook runs (the controller's metrics are recomputed there, as in Kafka).
 * Thread-safe.
 */
final class ControllerEventManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControllerEventManager.class);

    private record Event(String name, Runnable action) {
    }

    private static final Event SHUTDOWN = new Event("Shutdown", () -> { });

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Consumer<RuntimeException> errorHandler;
    private final Runnable afterEvent;
    private volatile boolean running = true;

    ControllerEventManager(String threadName, Consumer<RuntimeException> errorHandler, Runnable afterEvent) {
        this.errorHandler = errorHandler;
        this.afterEvent = afterEvent;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues an event; ignored after {@link #close()}. */
    void put(String name, Runnable action) {
        if (running) {
            queue.add(new Event(name, action));
        }
    }

    boolean isEventThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        while (running) {
            Event event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (event == SHUTDOWN) {
                return;
            }
            try {
                event.action().run();
            } catch (RuntimeException e) {
                try {
                    errorHandler.accept(e);
                } catch (RuntimeException nested) {
                    log.error("Handling the failure of controller event {} failed too.", event.name(), nested);
                }
            } catch (Error e) {
                log.error("Controller event {} failed with an error.", event.name(), e);
                throw e;
            }
            try {
                afterEvent.run();
            } catch (RuntimeException e) {
                log.error("The hook after controller event {} failed.", event.name(), e);
            }
        }
    }

    /** Lets the event being processed finish, drops the rest and stops the thread. */
    @Override
    public void close() {
        running = false;
        queue.clear();
        queue.add(SHUTDOWN);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
