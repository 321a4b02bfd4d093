package io.klassic.broker.network;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RequestMetrics names, the stage times of a request, and the error counts of its response. */
class RequestChannelMetricsTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final MetricsRegistry registry = new MetricsRegistry(server, System::nanoTime);
    private final RequestChannelMetrics metrics = new RequestChannelMetrics(registry, List.of(ApiKeys.PRODUCE, ApiKeys.FETCH));

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private Object attribute(String name, String attribute) throws Exception {
        return server.getAttribute(new ObjectName("kafka.network:type=RequestMetrics," + name), attribute);
    }

    private static RequestTimes times(ApiKeys api, short version, long dequeue, long apiLocal, long responseComplete, long responseDequeue) {
        RequestTimes times = new RequestTimes(ms(100), 120);
        times.api = api;
        times.version = version;
        times.dequeueNanos = ms(100 + dequeue);
        times.apiLocalCompleteNanos = apiLocal < 0 ? -1 : ms(100 + apiLocal);
        times.responseCompleteNanos = ms(100 + responseComplete);
        times.responseDequeueNanos = ms(100 + responseDequeue);
        return times;
    }

    @Test
    void eachStageOfARequestGoesToItsHistogram() throws Exception {
        metrics.record(times(ApiKeys.PRODUCE, (short) 9, 2, 5, 15, 16), ms(120));
        assertEquals(1L, attribute("name=RequestsPerSec,request=Produce,version=9", "Count"));
        assertEquals("requests", attribute("name=RequestsPerSec,request=Produce,version=9", "EventType"));
        assertEquals(2.0, attribute("name=RequestQueueTimeMs,request=Produce", "Max"));
        assertEquals(3.0, attribute("name=LocalTimeMs,request=Produce", "Max"));
        assertEquals(10.0, attribute("name=RemoteTimeMs,request=Produce", "Max"));
        assertEquals(1.0, attribute("name=ResponseQueueTimeMs,request=Produce", "Max"));
        assertEquals(4.0, attribute("name=ResponseSendTimeMs,request=Produce", "Max"));
        assertEquals(20.0, attribute("name=TotalTimeMs,request=Produce", "Max"));
        assertEquals(1L, attribute("name=TotalTimeMs,request=Produce", "Count"));
        assertEquals(120.0, attribute("name=RequestBytes,request=Produce", "Max"));
    }

    @Test
    void aResponseCompletedBeforeTheHandlerReturnedHasNoRemoteTime() throws Exception {
        metrics.record(times(ApiKeys.PRODUCE, (short) 3, 0, -1, 7, 7), ms(107));
        assertEquals(7.0, attribute("name=LocalTimeMs,request=Produce", "Max"));
        assertEquals(0.0, attribute("name=RemoteTimeMs,request=Produce", "Max"));
        assertEquals(1L, attribute("name=RequestsPerSec,request=Produce,version=3", "Count"));
    }

    @Test
    void fetchesCountAsFetchAndAsConsumerOrFollowerFetch() throws Exception {
        RequestTimes follower = times(ApiKeys.FETCH, (short) 11, 0, 1, 500, 500);
        follower.fromFollower = true;
        metrics.record(follower, ms(600));
        metrics.record(times(ApiKeys.FETCH, (short) 11, 0, 1, 2, 2), ms(102));
        metrics.record(times(ApiKeys.FETCH, (short) 11, 0, 1, 2, 2), ms(102));
        assertEquals(3L, attribute("name=RequestsPerSec,request=Fetch,version=11", "Count"));
        assertEquals(2L, attribute("name=RequestsPerSec,request=FetchConsumer,version=11", "Count"));
        assertEquals(1L, attribute("name=RequestsPerSec,request=FetchFollower,version=11", "Count"));
        assertEquals(499.0, attribute("name=RemoteTimeMs,request=FetchFollower", "Max"));
        assertEquals(1L, attribute("name=TotalTimeMs,request=FetchFollower", "Count"));
    }

    @Test
    void errorsOfTheResponseAreCountedPerCode() throws Exception {
        Struct response = ApiKeys.PRODUCE.response().newStruct();
        Struct topic = response.add("Responses").set("Name", "t");
        topic.add("PartitionResponses").set("Index", 0).set("ErrorCode", Errors.NONE.code());
        topic.add("PartitionResponses").set("Index", 1).set("ErrorCode", Errors.NOT_LEADER_OR_FOLLOWER.code());
        topic.add("PartitionResponses").set("Index", 2).set("ErrorCode", Errors.NONE.code());
        topic.add("PartitionResponses").set("Index", 3).set("ErrorCode", Errors.NONE.code());
        RequestTimes times = times(ApiKeys.PRODUCE, (short) 9, 0, 1, 1, 1);
        times.response = response;
        metrics.record(times, ms(102));
        assertEquals(3L, attribute("name=ErrorsPerSec,request=Produce,error=NONE", "Count"));
        assertEquals(1L, attribute("name=ErrorsPerSec,request=Produce,error=NOT_LEADER_OR_FOLLOWER", "Count"));

        Struct fetch = ApiKeys.FETCH.response().newStruct().set("ErrorCode", Errors.NONE.code());
        fetch.add("Responses").set("Topic", "t").add("Partitions").set("PartitionIndex", 0).set("ErrorCode", Errors.OFFSET_OUT_OF_RANGE.code());
        RequestTimes fetchTimes = times(ApiKeys.FETCH, (short) 11, 0, 1, 1, 1);
        fetchTimes.response = fetch;
        metrics.record(fetchTimes, ms(102));
        assertEquals(1L, attribute("name=ErrorsPerSec,request=Fetch,error=NONE", "Count"), "the top-level error code counts too");
        assertEquals(1L, attribute("name=ErrorsPerSec,request=Fetch,error=OFFSET_OUT_OF_RANGE", "Count"));
        assertFalse(server.isRegistered(new ObjectName("kafka.network:type=RequestMetrics,name=ErrorsPerSec,request=FetchConsumer,error=NONE")));
    }

    @Test
    void onlyServedApisHaveMetrics() throws Exception {
        assertTrue(server.isRegistered(new ObjectName("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce")));
        assertFalse(server.isRegistered(new ObjectName("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Metadata")));
        RequestTimes unknown = new RequestTimes(0, 10);
        metrics.record(unknown, ms(1));
        RequestTimes metadata = times(ApiKeys.METADATA, (short) 1, 0, 0, 0, 0);
        metrics.record(metadata, ms(101));
        assertFalse(server.isRegistered(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Metadata,version=1")));
    }
}
