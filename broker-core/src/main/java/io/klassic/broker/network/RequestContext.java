package io.klassic.broker.network;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.RequestHeader;

import java.net.SocketAddress;

/** Who sent a request and how: the parsed header, the client's address and the listener. Immutable. */
public record RequestContext(RequestHeader header, ApiKeys api, SocketAddress clientAddress, String listenerName) {
    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId() == null ? "" : header.clientId();
    }
}
