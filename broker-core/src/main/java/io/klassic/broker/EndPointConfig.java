package io.klassic.broker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A listener as configured: {@code NAME://host:port}; an empty host means every interface, port 0 an
 * ephemeral port. Immutable.
 */
public record EndPointConfig(String listenerName, String host, int port) {
    private static final Pattern FORMAT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)://\\[?([0-9a-zA-Z\\-%._:]*?)\\]?:(-?[0-9]+)$");

    public static EndPointConfig parse(String key, String value) {
        Matcher m = FORMAT.matcher(value.trim());
        if (!m.matches()) {
            throw new ConfigException("Invalid value " + value + " for configuration " + key
                    + ": expected a listener of the form PLAINTEXT://host:port");
        }
        int port = Integer.parseInt(m.group(3));
        if (port < 0 || port > 65535) {
            throw new ConfigException("Invalid value " + value + " for configuration " + key + ": port " + port + " is out of range");
        }
        String name = m.group(1).toUpperCase();
        if (!name.equals("PLAINTEXT")) {
            throw new ConfigException("Invalid value " + value + " for configuration " + key
                    + ": only the PLAINTEXT security protocol is supported");
        }
        return new EndPointConfig(name, m.group(2), port);
    }

    public String connectionString() {
        return listenerName + "://" + host + ":" + port;
    }
}
