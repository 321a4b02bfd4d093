package io.klassic.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads the brokers' metrics over remote JMX ({@link ClusterHarness.Builder#jmx()}): one connection per broker,
 * opened on first use and opened again after a failure (a broker killed and restarted). A read fails with an
 * unchecked exception, which {@link Wait#until} treats as "not yet".
 *
 * <p>Not thread-safe: one test thread uses it.
 */
final class BrokerJmx implements AutoCloseable {
    private final ClusterHarness cluster;
    private final Map<Integer, JMXConnector> connectors = new HashMap<>();

    BrokerJmx(ClusterHarness cluster) {
        this.cluster = cluster;
    }

    static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    private MBeanServerConnection connection(int broker) throws IOException {
        JMXConnector connector = connectors.get(broker);
        if (connector == null) {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(cluster.jmxServiceUrl(broker)));
            connectors.put(broker, connector);
        }
        return connector.getMBeanServerConnection();
    }

    private void disconnect(int broker) {
        JMXConnector connector = connectors.remove(broker);
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException ignored) {
                // The broker is gone: nothing to close properly.
            }
        }
    }

    /** The attribute of an MBean of {@code broker}. */
    Object attribute(int broker, String objectName, String attribute) {
        try {
            return connection(broker).getAttribute(name(objectName), attribute);
        } catch (IOException e) {
            disconnect(broker);
            throw new UncheckedIOException("JMX of broker " + broker + ": " + e, e);
        } catch (JMException e) {
            throw new IllegalStateException("JMX of broker " + broker + ", " + objectName + " " + attribute + ": " + e, e);
        }
    }

    long longAttribute(int broker, String objectName, String attribute) {
        return ((Number) attribute(broker, objectName, attribute)).longValue();
    }

    /** The Value of a gauge, as a long. */
    long gauge(int broker, String objectName) {
        return longAttribute(broker, objectName, "Value");
    }

    /** The Count of a meter or histogram. */
    long count(int broker, String objectName) {
        return longAttribute(broker, objectName, "Count");
    }

    /** The names matching {@code pattern} on {@code broker}. */
    Set<ObjectName> names(int broker, String pattern) {
        try {
            return connection(broker).queryNames(name(pattern), null);
        } catch (IOException e) {
            disconnect(broker);
            throw new UncheckedIOException("JMX of broker " + broker + ": " + e, e);
        }
    }

    /** The sum of the Counts of every MBean matching {@code pattern} on {@code broker} (e.g. every version's RequestsPerSec). */
    long sumOfCounts(int broker, String pattern) {
        long sum = 0;
        for (ObjectName name : names(broker, pattern)) {
            sum += count(broker, name.toString());
        }
        return sum;
    }

    @Override
    public void close() {
        for (Integer broker : Set.copyOf(connectors.keySet())) {
            disconnect(broker);
        }
    }
}
