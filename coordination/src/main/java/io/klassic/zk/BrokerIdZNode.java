package io.klassic.zk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /brokers/ids/<id>}: the ephemeral registration of a live broker, in Kafka's version 5 JSON:
 *
 * <pre>
 * {"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://host:9092"],
 *  "jmx_port":-1,"features":{},"host":"host","timestamp":"1700000000000","port":9092,"version":5,"rack":null}
 * </pre>
 *
 * {@code host}/{@code port} are those of the PLAINTEXT endpoint; {@code timestamp} is the registration time
 * in ms, as a string. Decoding accepts versions 1 to 5 (version 1 has no {@code endpoints}: one PLAINTEXT
 * endpoint is made from host and port), any key order, and a missing or null {@code rack}.
 *
 * <p>Stateless and thread-safe.
 */
public final class BrokerIdZNode {

    /** The parent of all broker registrations. */
    public static final String PATH = "/brokers/ids";
    public static final int VERSION = 5;

    private static final Set<String> SECURITY_PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    private BrokerIdZNode() {
    }

    public static String path(int brokerId) {
        return PATH + "/" + brokerId;
    }

    /**
     * The default {@code listener.security.protocol.map} restricted to the broker's listeners: each listener
     * named after a security protocol maps to it.
     *
     * @throws IllegalArgumentException for a listener name that is not a security protocol
     */
    public static Map<String, String> defaultSecurityProtocolMap(BrokerInfo broker) {
        Map<String, String> map = new LinkedHashMap<>();
        for (EndPoint e : broker.parsedEndpoints()) {
            if (!SECURITY_PROTOCOLS.contains(e.listenerName())) {
                throw new IllegalArgumentException("No security protocol defined for listener "
                        + e.listenerName() + "; set listener.security.protocol.map.");
            }
            map.put(e.listenerName(), e.listenerName());
        }
        return map;
    }

    /** Encodes with the default security protocol map and the current time. */
    public static byte[] encode(BrokerInfo broker) {
        return encode(broker, defaultSecurityProtocolMap(broker), System.currentTimeMillis());
    }

    /** Encodes with the given listener → security protocol map and registration time. */
    public static byte[] encode(BrokerInfo broker, Map<String, String> securityProtocolMap, long timestampMs) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("listener_security_protocol_map", securityProtocolMap);
        json.put("endpoints", broker.endpoints());
        json.put("jmx_port", -1);
        json.put("features", Map.of());
        json.put("host", broker.host());
        json.put("timestamp", Long.toString(timestampMs));
        json.put("port", broker.port());
        json.put("version", VERSION);
        json.put("rack", broker.rack());
        return Json.writeBytes(json);
    }

    /** Decodes the registration of broker {@code brokerId}. */
    public static BrokerInfo decode(int brokerId, byte[] data) {
        Json.Fields f = Json.Fields.of(data, path(brokerId));
        int version = f.intValue("version");
        if (version < 1) {
            throw new Json.JsonException("Unsupported version " + version + " of the " + path(brokerId) + " znode.");
        }
        String host = f.stringOrNull("host");
        int port = f.intValue("port", -1);
        List<String> endpoints = new ArrayList<>();
        if (f.has("endpoints")) {
            for (Object o : f.list("endpoints")) {
                if (!(o instanceof String s)) {
                    throw new Json.JsonException("Field \"endpoints\" of the " + path(brokerId)
                            + " znode must hold strings but holds " + o + ".");
                }
                endpoints.add(s);
            }
        } else if (host != null) {
            endpoints.add(new EndPoint("PLAINTEXT", host, port).connectionString());
        }
        if (host == null && !endpoints.isEmpty()) {
            EndPoint first = EndPoint.parse(endpoints.get(0));
            host = first.host();
            port = first.port();
        }
        String rack = f.has("rack") ? f.string("rack") : null;
        try {
            return new BrokerInfo(brokerId, host, port, endpoints, rack);
        } catch (IllegalArgumentException e) {
            throw new Json.JsonException("Bad endpoint in the " + path(brokerId) + " znode: " + e.getMessage()
                    + " Data: " + new String(data, StandardCharsets.UTF_8));
        }
    }
}
