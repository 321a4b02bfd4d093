package io.klassic.broker.controller;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerInfo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A {@link ControllerChannel} that records every request a controller sends, and answers StopReplica requests
 * with success for every partition (on its own thread, as the real channel does). Thread-safe.
 */
final class RecordingChannel implements ControllerChannel {
    /** One request as sent. */
    record Sent(int controllerId, int brokerId, ApiKeys api, Struct body) {
    }

    private final int controllerId;
    private final List<Sent> sent;
    private final ExecutorService responder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recording-channel-responder");
        t.setDaemon(true);
        return t;
    });
    private final List<Integer> brokers = new CopyOnWriteArrayList<>();
    volatile boolean answerStopReplica = true;

    RecordingChannel(int controllerId, List<Sent> sent) {
        this.controllerId = controllerId;
        this.sent = sent;
    }

    @Override
    public void addBroker(BrokerInfo broker) {
        brokers.add(broker.id());
    }

    @Override
    public void removeBroker(int brokerId) {
        brokers.remove((Integer) brokerId);
    }

    @Override
    public void sendRequest(int brokerId, ApiKeys api, short version, Struct body, Consumer<Struct> callback) {
        sent.add(new Sent(controllerId, brokerId, api, body));
        if (api == ApiKeys.STOP_REPLICA && callback != null && answerStopReplica) {
            Struct response = ApiKeys.STOP_REPLICA.response().newStruct();
            response.set("ErrorCode", Errors.NONE.code());
            for (Struct topic : body.getStructs("TopicStates")) {
                for (Struct p : topic.getStructs("PartitionStates")) {
                    Struct e = response.add("PartitionErrors");
                    e.set("TopicName", topic.getString("TopicName"));
                    e.set("PartitionIndex", p.getInt("PartitionIndex"));
                    e.set("ErrorCode", Errors.NONE.code());
                }
            }
            responder.execute(() -> callback.accept(response));
        }
    }

    @Override
    public void close() {
        responder.shutdownNow();
    }
}
