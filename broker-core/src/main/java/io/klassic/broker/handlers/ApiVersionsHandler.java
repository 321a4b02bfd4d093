package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.network.RequestDispatcher;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.concurrent.CompletableFuture;

/**
 * ApiVersions (18), v0-3: advertises exactly the APIs this broker has handlers for, with their version ranges.
 * A request above v3 never reaches here: the dispatcher answers it in the v0 format (the downgrade rule).
 * Thread-safe.
 */
public final class ApiVersionsHandler implements ApiHandler {
    private final RequestDispatcher dispatcher;

    public ApiVersionsHandler(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 3;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Struct response = ApiKeys.API_VERSIONS.response().newStruct();
        response.set("ErrorCode", Errors.NONE.code());
        dispatcher.handlers().forEach((api, handler) -> {
            Struct key = response.add("ApiKeys");
            key.set("ApiKey", api.id());
            key.set("MinVersion", handler.minVersion());
            key.set("MaxVersion", handler.maxVersion());
        });
        response.set("ThrottleTimeMs", 0);
        return CompletableFuture.completedFuture(response);
    }
}
