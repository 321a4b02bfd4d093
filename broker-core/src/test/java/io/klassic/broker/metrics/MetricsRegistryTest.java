package io.klassic.broker.metrics;

import org.junit.jupiter.api.Test;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka's object names and JMX attribute names, registration and unregistration. */
class MetricsRegistryTest {
    private static final Set<String> METER_ATTRIBUTES = Set.of("Count", "EventType", "RateUnit", "MeanRate", "OneMinuteRate", "FiveMinuteRate",
            "FifteenMinuteRate");
    private static final Set<String> HISTOGRAM_ATTRIBUTES = Set.of("Count", "Min", "Max", "Mean", "StdDev", "50thPercentile", "75thPercentile",
            "95thPercentile", "98thPercentile", "99thPercentile", "999thPercentile");

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final AtomicLong clock = new AtomicLong();
    private final MetricsRegistry registry = new MetricsRegistry(server, clock::get);

    private Set<String> attributes(ObjectName name) throws Exception {
        return Arrays.stream(server.getMBeanInfo(name).getAttributes()).map(MBeanAttributeInfo::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void objectNamesFollowKafka() throws Exception {
        assertEquals(new ObjectName("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=orders"),
                KafkaMetricsGroup.metricName("kafka.server", "BrokerTopicMetrics", "MessagesInPerSec", Map.of("topic", "orders")));
        assertEquals("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,version=9",
                KafkaMetricsGroup.metricName("kafka.network", "RequestMetrics", "RequestsPerSec",
                        KafkaMetricsGroup.tags("request", "Produce", "version", "9")).toString());
        assertEquals(new ObjectName("kafka.log:type=Log,name=Size"),
                KafkaMetricsGroup.metricName("kafka.log", "Log", "Size", KafkaMetricsGroup.tags("topic", "")), "empty tag values are left out");
        ObjectName quoted = KafkaMetricsGroup.metricName("g", "T", "N", Map.of("k", "a,b=c"));
        assertEquals("a,b=c", ObjectName.unquote(quoted.getKeyProperty("k")));
    }

    @Test
    void meterAttributesAsKafkaShowsThem() throws Exception {
        KafkaMetricsGroup group = new KafkaMetricsGroup(registry, "kafka.server", "BrokerTopicMetrics");
        Meter meter = group.newMeter("BytesInPerSec", "bytes", Map.of());
        meter.mark(1000);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        ObjectName name = new ObjectName("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec");
        assertEquals(METER_ATTRIBUTES, attributes(name));
        assertEquals(1000L, server.getAttribute(name, "Count"));
        assertEquals("bytes", server.getAttribute(name, "EventType"));
        assertEquals(TimeUnit.SECONDS, server.getAttribute(name, "RateUnit"));
        assertEquals(100.0, (Double) server.getAttribute(name, "MeanRate"), 1e-9);
        // Two 5 s intervals ended: the first with 1000 bytes (200/s), the second empty.
        assertEquals(200.0 * Math.exp(-5.0 / 60), (Double) server.getAttribute(name, "OneMinuteRate"), 1e-9);
    }

    @Test
    void histogramTimerAndGaugeAttributes() throws Exception {
        KafkaMetricsGroup group = new KafkaMetricsGroup(registry, "kafka.controller", "ControllerStats");
        group.newHistogram("TotalTimeMs", Map.of("request", "Fetch")).update(7);
        group.newTimer("LeaderElectionRateAndTimeMs", Map.of()).update(TimeUnit.MILLISECONDS.toNanos(4));
        group.newGauge("ActiveControllerCount", () -> 1, Map.of());

        ObjectName histogram = new ObjectName("kafka.controller:type=ControllerStats,name=TotalTimeMs,request=Fetch");
        assertEquals(HISTOGRAM_ATTRIBUTES, attributes(histogram));
        assertEquals(1L, server.getAttribute(histogram, "Count"));
        assertEquals(7.0, server.getAttribute(histogram, "99thPercentile"));

        ObjectName timer = new ObjectName("kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs");
        Set<String> timerAttributes = new TreeSet<>(METER_ATTRIBUTES);
        timerAttributes.addAll(HISTOGRAM_ATTRIBUTES);
        timerAttributes.add("LatencyUnit");
        assertEquals(timerAttributes, attributes(timer));
        assertEquals(4.0, server.getAttribute(timer, "Max"));
        assertEquals("calls", server.getAttribute(timer, "EventType"));

        ObjectName gauge = new ObjectName("kafka.controller:type=ControllerStats,name=ActiveControllerCount");
        assertEquals(Set.of("Value"), attributes(gauge));
        assertEquals(1, server.getAttribute(gauge, "Value"));
    }

    @Test
    void removeAndCloseUnregister() throws Exception {
        KafkaMetricsGroup group = new KafkaMetricsGroup(registry, "kafka.server", "ReplicaManager");
        group.newGauge("LeaderCount", () -> 2, Map.of());
        group.newGauge("PartitionCount", () -> 3, Map.of());
        ObjectName leaders = new ObjectName("kafka.server:type=ReplicaManager,name=LeaderCount");
        ObjectName partitions = new ObjectName("kafka.server:type=ReplicaManager,name=PartitionCount");
        group.removeMetric("LeaderCount", Map.of());
        assertFalse(server.isRegistered(leaders));
        assertTrue(server.isRegistered(partitions));
        group.newGauge("PartitionCount", () -> 4, Map.of());
        assertEquals(4, server.getAttribute(partitions, "Value"), "registering a name again replaces the metric");
        registry.close();
        assertFalse(server.isRegistered(partitions));
    }

    @Test
    void aNameAnotherRegistryHoldsIsLeftToIt() throws Exception {
        MetricsRegistry other = new MetricsRegistry(server, clock::get);
        new KafkaMetricsGroup(registry, "kafka.server", "KafkaServer").newGauge("BrokerState", () -> 3, Map.of());
        new KafkaMetricsGroup(other, "kafka.server", "KafkaServer").newGauge("BrokerState", () -> 7, Map.of());
        ObjectName name = new ObjectName("kafka.server:type=KafkaServer,name=BrokerState");
        assertEquals(3, server.getAttribute(name, "Value"));
        other.close();
        assertTrue(server.isRegistered(name));
        registry.close();
        assertFalse(server.isRegistered(name));
    }
}
