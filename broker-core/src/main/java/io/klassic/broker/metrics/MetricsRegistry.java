package io.klassic.broker.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One broker's metrics on an MBean server (the JVM's platform server, which {@code JMX_PORT} exports, outside
 * tests): registers each metric under its object name and unregisters it, and on {@link #close()} everything it
 * registered. A name this registry registered before is replaced; a name another registry holds (a second broker in
 * the same JVM) is left to it, the metric then working unseen. Meters and timers made for it read its clock.
 * Thread-safe.
 */
public final class MetricsRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsRegistry.class);

    private final MBeanServer server;
    private final LongSupplier clock;
    private final Set<ObjectName> registered = ConcurrentHashMap.newKeySet();

    /**
     * @param server where the metrics are registered
     * @param clock  monotonic nanoseconds for meters and timers
     */
    public MetricsRegistry(MBeanServer server, LongSupplier clock) {
        this.server = server;
        this.clock = clock;
    }

    /** The broker's registry: the platform MBean server and {@code System.nanoTime}. */
    public static MetricsRegistry platform() {
        return new MetricsRegistry(ManagementFactory.getPlatformMBeanServer(), System::nanoTime);
    }

    /** A registry on an MBean server of its own, for components built in tests, many to a JVM. */
    public static MetricsRegistry isolated() {
        return new MetricsRegistry(MBeanServerFactory.newMBeanServer(), System::nanoTime);
    }

    public MBeanServer server() {
        return server;
    }

    public LongSupplier clock() {
        return clock;
    }

    /** Registers {@code metric} (a standard MBean: Meter, Histogram, Timer, Gauge) as {@code name}; returns it. */
    public synchronized <T> T register(ObjectName name, T metric) {
        try {
            if (registered.contains(name)) {
                unregisterQuietly(name);
            }
            server.registerMBean(metric, name);
            registered.add(name);
        } catch (InstanceAlreadyExistsException e) {
            log.debug("The metric {} is registered by another broker of this JVM; this broker's stays unregistered.", name);
        } catch (JMException e) {
            log.warn("Could not register the metric {}: {}", name, e.toString());
        }
        return metric;
    }

    /** Unregisters {@code name} if this registry registered it. */
    public synchronized void unregister(ObjectName name) {
        if (registered.remove(name)) {
            unregisterQuietly(name);
        }
    }

    /** Whether this registry holds {@code name}. */
    public boolean isRegistered(ObjectName name) {
        return registered.contains(name);
    }

    private void unregisterQuietly(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // Someone unregistered it behind our back: nothing left to do.
        } catch (JMException e) {
            log.warn("Could not unregister the metric {}: {}", name, e.toString());
        }
    }

    /** Unregisters every metric this registry registered. */
    @Override
    public synchronized void close() {
        for (ObjectName name : List.copyOf(registered)) {
            unregister(name);
        }
    }
}
