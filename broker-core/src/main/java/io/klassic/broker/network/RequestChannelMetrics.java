package io.klassic.broker.network;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.protocol.ApiKeys;

import java.util.Collection;

/**
 * The {@link RequestMetrics} of every API the broker serves, by Kafka's request name, plus FetchConsumer and
 * FetchFollower: a fetch counts under Fetch and under one of them, as in Kafka. Found by the API's ordinal, not by
 * name. Thread-safe.
 */
public final class RequestChannelMetrics {
    private final RequestMetrics[] byApi = new RequestMetrics[ApiKeys.values().length];
    private final RequestMetrics consumerFetch;
    private final RequestMetrics followerFetch;

    /** Registers the metrics of {@code apis} (those with a handler). */
    public RequestChannelMetrics(MetricsRegistry registry, Collection<ApiKeys> apis) {
        for (ApiKeys api : apis) {
            byApi[api.ordinal()] = new RequestMetrics(registry, api.apiName(), api.latestVersion(), ResponseErrors.of(api.response().struct()));
        }
        boolean fetch = apis.contains(ApiKeys.FETCH);
        short fetchVersion = ApiKeys.FETCH.latestVersion();
        consumerFetch = fetch ? new RequestMetrics(registry, RequestMetrics.CONSUMER_FETCH, fetchVersion, null) : null;
        followerFetch = fetch ? new RequestMetrics(registry, RequestMetrics.FOLLOWER_FETCH, fetchVersion, null) : null;
    }

    /** Records a request that ended at {@code endNanos}; ignored when it never got as far as a known API. */
    public void record(RequestTimes times, long endNanos) {
        if (times.api == null) {
            return;
        }
        RequestMetrics metrics = byApi[times.api.ordinal()];
        if (metrics == null) {
            return;
        }
        if (times.api == ApiKeys.FETCH) {
            (times.fromFollower ? followerFetch : consumerFetch).record(times, endNanos);
        }
        metrics.record(times, endNanos);
    }
}
