package io.klassic.broker.network;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one API. {@link #handle} runs on a request-handler thread (never an event loop), may block on disk or
 * ZooKeeper, and completes with the response body, or with {@code null} when no response is due (produce with
 * acks=0). Implementations are thread-safe: one instance serves every connection.
 */
public interface ApiHandler {
    ApiKeys api();

    /** The lowest version advertised in ApiVersions. */
    short minVersion();

    /** The highest version advertised in ApiVersions. */
    short maxVersion();

    CompletableFuture<Struct> handle(RequestContext context, Struct request);

    /** A response body carrying {@code error} everywhere the response has room for it, for a request that failed as a whole. */
    default Struct errorResponse(RequestContext context, Struct request, short errorCode) {
        return null;
    }
}
