package io.klassic.broker.handlers;

import io.klassic.broker.network.RequestContext;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Helpers the group handlers share. Stateless and thread-safe. */
final class GroupHandlers {
    private GroupHandlers() {
    }

    /** The client's host as Kafka reports it in DescribeGroups: the address's {@code toString()}, e.g. "/127.0.0.1". */
    static String clientHost(RequestContext context) {
        SocketAddress address = context.clientAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().toString();
        }
        return address == null ? "" : address.toString();
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
