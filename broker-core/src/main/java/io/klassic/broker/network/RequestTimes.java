package io.klassic.broker.network;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;

/**
 * One request's way through the broker, for {@link RequestMetrics}, in {@code System.nanoTime} values as Kafka's
 * {@code RequestChannel.Request} keeps them: handed to the request handler pool ({@code start}; a connection's next
 * request is taken only once the previous response is sent, as Kafka reads it only then), taken by a handler thread
 * ({@code dequeue}), the handler returned ({@code apiLocalComplete}), the response completed, maybe after waiting in a
 * purgatory ({@code responseComplete}), the network thread took it ({@code responseDequeue}); the end is when it was
 * written to the socket. Also what the request was: API, version, whether a fetch came from a follower, its size, and
 * the response body (for its error codes). Not thread-safe as such: the threads the request passes through write
 * it one after the other, each handing it on through an executor or a future (which orders the writes), except
 * {@code apiLocalComplete}, which races with an asynchronous completion and is volatile.
 */
public final class RequestTimes {
    final long startNanos;
    final int requestBytes;
    long dequeueNanos;
    volatile long apiLocalCompleteNanos = -1L;
    long responseCompleteNanos;
    long responseDequeueNanos;
    ApiKeys api;
    short version;
    boolean fromFollower;
    Struct response;

    public RequestTimes(long startNanos, int requestBytes) {
        this.startNanos = startNanos;
        this.requestBytes = requestBytes;
    }
}
