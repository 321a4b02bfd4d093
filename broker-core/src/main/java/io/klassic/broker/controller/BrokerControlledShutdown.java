package io.klassic.broker.controller;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerIdZNode;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.ControllerStore;
import io.klassic.zk.EndPoint;
import io.klassic.zk.ZkClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A stopping broker's side of a controlled shutdown, as Kafka's {@code KafkaServer.controlledShutdown}: it finds
 * the controller in {@code /controller}, sends it ControlledShutdown (v3, with this broker's epoch) over the
 * inter-broker listener, and repeats, {@code controlled.shutdown.retry.backoff.ms} apart and at most
 * {@code controlled.shutdown.max.retries} times, until the controller answers that this broker leads no replicated
 * partition any more. Stateless apart from its settings; thread-safe.
 */
public final class BrokerControlledShutdown {
    private static final Logger log = LoggerFactory.getLogger(BrokerControlledShutdown.class);
    static final short VERSION = 3;

    private final ZkClient zk;
    private final int brokerId;
    private final String interBrokerListener;
    private final int socketTimeoutMs;
    private final int maxRetries;
    private final long retryBackoffMs;

    public BrokerControlledShutdown(ZkClient zk, int brokerId, String interBrokerListener, int socketTimeoutMs, int maxRetries, long retryBackoffMs) {
        this.zk = zk;
        this.brokerId = brokerId;
        this.interBrokerListener = interBrokerListener;
        this.socketTimeoutMs = socketTimeoutMs;
        this.maxRetries = maxRetries;
        this.retryBackoffMs = retryBackoffMs;
    }

    /** Runs the controlled shutdown; true when the controller confirmed that every leadership moved away. */
    public boolean run() {
        ControllerStore store = new ControllerStore(zk);
        for (int attempt = 1; attempt <= maxRetries; attempt++) {
            String outcome;
            try {
                outcome = attempt(store);
            } catch (IOException | RuntimeException e) {
                outcome = e.toString();
            }
            if (outcome == null) {
                log.info("[KafkaServer id={}] Controlled shutdown succeeded.", brokerId);
                return true;
            }
            log.warn("[KafkaServer id={}] Controlled shutdown attempt {} of {} did not complete: {}", brokerId, attempt, maxRetries, outcome);
            if (attempt < maxRetries) {
                try {
                    TimeUnit.MILLISECONDS.sleep(retryBackoffMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        log.warn("[KafkaServer id={}] Proceeding to do an unclean shutdown as all the controlled shutdown attempts failed.", brokerId);
        return false;
    }

    /** One attempt; null on success, else what went wrong. */
    private String attempt(ControllerStore store) throws IOException {
        int controllerId = store.activeControllerId();
        if (controllerId < 0) {
            return "no controller is elected";
        }
        Optional<BrokerInfo> controller = zk.readData(BrokerIdZNode.path(controllerId)).map(v -> BrokerIdZNode.decode(controllerId, v.value()));
        if (controller.isEmpty()) {
            return "the controller " + controllerId + " is not registered";
        }
        EndPoint endpoint = controller.get().endpoint(interBrokerListener).orElseGet(() -> controller.get().parsedEndpoints().get(0));
        long brokerEpoch = store.registeredBrokers().stream().filter(b -> b.id() == brokerId).mapToLong(ControllerStore.RegisteredBroker::epoch)
                .findFirst().orElse(-1L);
        Struct request = ApiKeys.CONTROLLED_SHUTDOWN.request().newStruct();
        request.set("BrokerId", brokerId);
        request.set("BrokerEpoch", brokerEpoch);
        Struct response;
        try (BlockingChannel channel = new BlockingChannel(endpoint.host(), endpoint.port(), socketTimeoutMs, "broker-" + brokerId + "-controlled-shutdown")) {
            response = channel.sendAndReceive(ApiKeys.CONTROLLED_SHUTDOWN, VERSION, request);
        }
        Errors error = Errors.forCode(response.getShort("ErrorCode"));
        if (error != Errors.NONE) {
            return "the controller " + controllerId + " answered " + error;
        }
        List<String> remaining = new ArrayList<>();
        for (Struct p : response.getStructs("RemainingPartitions")) {
            remaining.add(p.getString("TopicName") + "-" + p.getInt("PartitionIndex"));
        }
        return remaining.isEmpty() ? null : "this broker still leads " + remaining;
    }
}
