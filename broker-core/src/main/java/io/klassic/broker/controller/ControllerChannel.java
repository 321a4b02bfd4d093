package io.klassic.broker.controller;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerInfo;

import java.util.function.Consumer;

/**
 * How the controller reaches the brokers: requests to one broker are sent in the order they were queued, and each
 * response is handed to its callback (on a thread of the channel, not the controller's). Implementations are
 * thread-safe.
 */
public interface ControllerChannel extends AutoCloseable {
    /** Opens (or re-opens, for a restarted broker) the connection to a live broker. */
    void addBroker(BrokerInfo broker);

    /** Closes the connection to a broker that died, dropping what was not sent. */
    void removeBroker(int brokerId);

    /** Queues a request; {@code callback} (may be null) gets the response. */
    void sendRequest(int brokerId, ApiKeys api, short version, Struct body, Consumer<Struct> callback);

    @Override
    void close();
}
