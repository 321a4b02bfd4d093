package io.klassic.zk;

import java.util.List;
import java.util.Optional;

/**
 * A broker as registered in {@code /brokers/ids/<id>}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id        the broker id ({@code broker.id})
 * @param host      the host of the PLAINTEXT endpoint (Kafka's legacy {@code host} field)
 * @param port      the port of the PLAINTEXT endpoint (Kafka's legacy {@code port} field)
 * @param endpoints the advertised listeners as {@code LISTENER_NAME://host:port}
 * @param rack      {@code broker.rack}, or null
 */
public record BrokerInfo(int id, String host, int port, List<String> endpoints, String rack) {

    public BrokerInfo {
        endpoints = List.copyOf(endpoints);
        for (String e : endpoints) {
            EndPoint.parse(e); // fail early on a malformed endpoint
        }
    }

    /** A broker with one PLAINTEXT listener on {@code host:port} and no rack. */
    public static BrokerInfo plaintext(int id, String host, int port) {
        return new BrokerInfo(id, host, port, List.of(new EndPoint("PLAINTEXT", host, port).connectionString()), null);
    }

    /** The endpoints parsed. */
    public List<EndPoint> parsedEndpoints() {
        return endpoints.stream().map(EndPoint::parse).toList();
    }

    /** The endpoint of the given listener name, if the broker has one. */
    public Optional<EndPoint> endpoint(String listenerName) {
        return parsedEndpoints().stream().filter(e -> e.listenerName().equals(listenerName)).findFirst();
    }
}
