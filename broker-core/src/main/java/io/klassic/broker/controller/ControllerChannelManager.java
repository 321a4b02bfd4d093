package io.klassic.broker.controller;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The controller's connections to the live brokers: one sender thread per broker
 * ({@code Controller-<id>-to-broker-<b>-send-thread}) takes the queued LeaderAndIsr, UpdateMetadata and
 * StopReplica requests in order and sends each over a {@link BlockingChannel} to the broker's inter-broker
 * listener, reconnecting and resending after an I/O error until it succeeds or the broker is removed (it died).
 * A response is handed to the request's callback on the sender thread. Thread-safe.
 */
public final class ControllerChannelManager implements ControllerChannel {
    private static final Logger log = LoggerFactory.getLogger(ControllerChannelManager.class);
    private static final long RETRY_BACKOFF_MS = 100;

    private record QueuedRequest(ApiKeys api, short version, Struct body, Consumer<Struct> callback) {
    }

    private final int controllerId;
    private final String interBrokerListener;
    private final int socketTimeoutMs;
    private final Map<Integer, RequestSendThread> senders = new HashMap<>();

    public ControllerChannelManager(int controllerId, String interBrokerListener, int socketTimeoutMs) {
        this.controllerId = controllerId;
        this.interBrokerListener = interBrokerListener;
        this.socketTimeoutMs = socketTimeoutMs;
    }

    /** Starts a sender to a broker (replacing one to an earlier incarnation of it). */
    @Override
    public synchronized void addBroker(BrokerInfo broker) {
        removeBroker(broker.id());
        EndPoint endpoint = endpoint(broker);
        RequestSendThread thread = new RequestSendThread(broker.id(), endpoint);
        senders.put(broker.id(), thread);
        thread.start();
    }

    /** Stops the sender to a broker, dropping what it had not sent. */
    @Override
    public synchronized void removeBroker(int brokerId) {
        RequestSendThread thread = senders.remove(brokerId);
        if (thread != null) {
            thread.shutdown();
        }
    }

    public synchronized boolean hasBroker(int brokerId) {
        return senders.containsKey(brokerId);
    }

    /** Queues a request to a broker; dropped (with a log line) when there is no sender to it. */
    @Override
    public synchronized void sendRequest(int brokerId, ApiKeys api, short version, Struct body, Consumer<Struct> callback) {
        RequestSendThread thread = senders.get(brokerId);
        if (thread == null) {
            log.warn("[Controller id={}] Not sending {} to broker {}: it is not live.", controllerId, api.apiName(), brokerId);
            return;
        }
        thread.queue.add(new QueuedRequest(api, version, body, callback));
    }

    private EndPoint endpoint(BrokerInfo broker) {
        Optional<EndPoint> named = broker.endpoint(interBrokerListener);
        if (named.isPresent()) {
            return named.get();
        }
        if (broker.endpoints().isEmpty()) {
            return new EndPoint("PLAINTEXT", broker.host(), broker.port());
        }
        EndPoint first = broker.parsedEndpoints().get(0);
        log.warn("[Controller id={}] Broker {} has no listener named {}; using {}.", controllerId, broker.id(), interBrokerListener, first.connectionString());
        return first;
    }

    @Override
    public synchronized void close() {
        for (RequestSendThread thread : senders.values()) {
            thread.shutdown();
        }
        senders.clear();
    }

    private final class RequestSendThread extends Thread {
        private final int brokerId;
        private final BlockingChannel channel;
        private final BlockingQueue<QueuedRequest> queue = new LinkedBlockingQueue<>();
        private volatile boolean running = true;

        RequestSendThread(int brokerId, EndPoint endpoint) {
            super("Controller-" + controllerId + "-to-broker-" + brokerId + "-send-thread");
            setDaemon(true);
            this.brokerId = brokerId;
            this.channel = new BlockingChannel(endpoint.host(), endpoint.port(), socketTimeoutMs, "controller-" + controllerId);
        }

        void shutdown() {
            running = false;
            interrupt();
            channel.close();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    QueuedRequest request = queue.take();
                    Struct response = sendUntilAnswered(request);
                    if (response != null && request.callback() != null) {
                        try {
                            request.callback().accept(response);
                        } catch (RuntimeException e) {
                            log.error("[Controller id={}] The callback of a {} response from broker {} failed.", controllerId,
                                    request.api().apiName(), brokerId, e);
                        }
                    }
                }
            } catch (InterruptedException e) {
                // shut down
            } finally {
                channel.close();
            }
        }

        private Struct sendUntilAnswered(QueuedRequest request) throws InterruptedException {
            boolean warned = false;
            while (running) {
                try {
                    return channel.sendAndReceive(request.api(), request.version(), request.body());
                } catch (IOException e) {
                    if (!running) {
                        return null;
                    }
                    if (!warned) {
                        log.warn("[Controller id={}] Could not send {} to broker {} at {}: {}; retrying.", controllerId,
                                request.api().apiName(), brokerId, channel.address(), e.toString());
                        warned = true;
                    }
                    TimeUnit.MILLISECONDS.sleep(RETRY_BACKOFF_MS);
                }
            }
            return null;
        }
    }
}
