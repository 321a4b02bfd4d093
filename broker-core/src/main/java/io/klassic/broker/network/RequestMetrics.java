package io.klassic.broker.network;

import io.klassic.broker.metrics.Histogram;
import io.klassic.broker.metrics.KafkaMetricsGroup;
import io.klassic.broker.metrics.Meter;
import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The metrics of one request name under {@code kafka.network:type=RequestMetrics}, as Kafka's {@code RequestMetrics}:
 * {@code name=RequestsPerSec,request=<r>,version=<v>} (a meter per version, registered when the version is first seen),
 * the histograms in ms {@code RequestQueueTimeMs}, {@code LocalTimeMs}, {@code RemoteTimeMs} (in a purgatory, or
 * waiting for another asynchronous completion), {@code ResponseQueueTimeMs}, {@code ResponseSendTimeMs},
 * {@code TotalTimeMs} and {@code RequestBytes}, each with {@code request=<r>}, and
 * {@code name=ErrorsPerSec,request=<r>,error=<ERROR>} (a meter per error code seen in responses, NONE included).
 * Updates look meters up by index (version, error code), never by name, and allocate nothing once a meter exists.
 * Thread-safe.
 */
final class RequestMetrics {
    static final String CONSUMER_FETCH = "FetchConsumer";
    static final String FOLLOWER_FETCH = "FetchFollower";
    private static final Errors[] ERRORS_BY_CODE = errorsByCode();

    private final KafkaMetricsGroup group;
    private final String name;
    private final Map<String, String> tags;
    private final AtomicReferenceArray<Meter> requestRates;
    private final AtomicReferenceArray<Meter> errorMeters = new AtomicReferenceArray<>(ERRORS_BY_CODE.length);
    /** Where this API's responses carry error codes; null for the fetch sub-names, whose errors count under Fetch. */
    private final ResponseErrors responseErrors;
    final Histogram requestQueueTime;
    final Histogram localTime;
    final Histogram remoteTime;
    final Histogram responseQueueTime;
    final Histogram responseSendTime;
    final Histogram totalTime;
    final Histogram requestBytes;

    /**
     * @param name          Kafka's request name ("Produce", "FetchConsumer", ...)
     * @param maxVersion    the highest version that can be seen
     * @param responseErrors where responses carry error codes, or null to count no errors under this name
     */
    RequestMetrics(MetricsRegistry registry, String name, short maxVersion, ResponseErrors responseErrors) {
        this.group = new KafkaMetricsGroup(registry, "kafka.network", "RequestMetrics");
        this.name = name;
        this.tags = Map.of("request", name);
        this.requestRates = new AtomicReferenceArray<>(maxVersion + 1);
        this.responseErrors = responseErrors;
        requestQueueTime = group.newHistogram("RequestQueueTimeMs", tags);
        localTime = group.newHistogram("LocalTimeMs", tags);
        remoteTime = group.newHistogram("RemoteTimeMs", tags);
        responseQueueTime = group.newHistogram("ResponseQueueTimeMs", tags);
        responseSendTime = group.newHistogram("ResponseSendTimeMs", tags);
        totalTime = group.newHistogram("TotalTimeMs", tags);
        requestBytes = group.newHistogram("RequestBytes", tags);
    }

    private static Errors[] errorsByCode() {
        int max = 0;
        for (Errors error : Errors.values()) {
            max = Math.max(max, error.code());
        }
        Errors[] byCode = new Errors[max + 2];
        for (Errors error : Errors.values()) {
            byCode[error.code() + 1] = error;
        }
        return byCode;
    }

    /** Records a request that ended (its response written, or none due) at {@code endNanos}. */
    void record(RequestTimes t, long endNanos) {
        requestRate(t.version).mark();
        long apiLocalComplete = t.apiLocalCompleteNanos < 0 ? t.responseCompleteNanos : t.apiLocalCompleteNanos;
        requestQueueTime.update(nanosToMs(t.dequeueNanos - t.startNanos));
        localTime.update(nanosToMs(apiLocalComplete - t.dequeueNanos));
        remoteTime.update(nanosToMs(t.responseCompleteNanos - apiLocalComplete));
        responseQueueTime.update(nanosToMs(t.responseDequeueNanos - t.responseCompleteNanos));
        responseSendTime.update(nanosToMs(endNanos - t.responseDequeueNanos));
        totalTime.update(nanosToMs(endNanos - t.startNanos));
        requestBytes.update(t.requestBytes);
        if (responseErrors != null && t.response != null) {
            ErrorTally tally = new ErrorTally();
            responseErrors.forEach(t.response, tally);
            tally.flush();
        }
    }

    /** Kafka's rounding: whole milliseconds, never negative. */
    static long nanosToMs(long nanos) {
        return Math.round(Math.max(nanos, 0L) / (double) TimeUnit.MILLISECONDS.toNanos(1));
    }

    private Meter requestRate(short version) {
        int index = Math.max(0, Math.min(version, requestRates.length() - 1));
        Meter meter = requestRates.get(index);
        if (meter == null) {
            synchronized (this) {
                meter = requestRates.get(index);
                if (meter == null) {
                    meter = group.newMeter("RequestsPerSec", "requests", KafkaMetricsGroup.tags("request", name, "version", Integer.toString(index)));
                    requestRates.set(index, meter);
                }
            }
        }
        return meter;
    }

    private Meter errorMeter(short code) {
        int index = code + 1 >= 0 && code + 1 < ERRORS_BY_CODE.length && ERRORS_BY_CODE[code + 1] != null
                ? code + 1 : Errors.UNKNOWN_SERVER_ERROR.code() + 1;
        Meter meter = errorMeters.get(index);
        if (meter == null) {
            synchronized (this) {
                meter = errorMeters.get(index);
                if (meter == null) {
                    meter = group.newMeter("ErrorsPerSec", "requests",
                            KafkaMetricsGroup.tags("request", name, "error", ERRORS_BY_CODE[index].name()));
                    errorMeters.set(index, meter);
                }
            }
        }
        return meter;
    }

    /** Marks runs of equal error codes with one mark each (a response's partitions mostly share NONE). Not thread-safe. */
    private final class ErrorTally implements ResponseErrors.ErrorCodeConsumer {
        private short code;
        private int run;

        @Override
        public void accept(short next) {
            if (run > 0 && next != code) {
                flush();
            }
            code = next;
            run++;
        }

        void flush() {
            if (run > 0) {
                errorMeter(code).mark(run);
                run = 0;
            }
        }
    }
}
