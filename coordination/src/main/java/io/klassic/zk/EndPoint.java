package io.klassic.zk;

/**
 * One listener address of a broker, written in {@code /brokers/ids/<id>} as
 * {@code LISTENER_NAME://host:port} (IPv6 hosts in brackets: {@code PLAINTEXT://[::1]:9092}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param listenerName the listener name, e.g. {@code PLAINTEXT}
 * @param host         the host name or address, without brackets
 * @param port         the port
 */
public record EndPoint(String listenerName, String host, int port) {

    /** Parses {@code LISTENER://host:port}. */
    public static EndPoint parse(String endpoint) {
        int sep = endpoint.indexOf("://");
        int colon = endpoint.lastIndexOf(':');
        if (sep <= 0 || colon <= sep + 2) {
            throw new IllegalArgumentException("Unable to parse " + endpoint
                    + " to a broker endpoint (expected LISTENER_NAME://host:port).");
        }
        String listener = endpoint.substring(0, sep);
        String host = endpoint.substring(sep + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Unable to parse " + endpoint + " to a broker endpoint: bad port.");
        }
        return new EndPoint(listener, host, port);
    }

    /** {@code LISTENER://host:port}, with IPv6 hosts in brackets. */
    public String connectionString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return listenerName + "://" + h + ":" + port;
    }
}
