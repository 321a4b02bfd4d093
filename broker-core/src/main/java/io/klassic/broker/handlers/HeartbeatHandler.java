package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.concurrent.CompletableFuture;

/**
 * Heartbeat (12), v0-4: keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin. v3+ carries
 * the group instance id. Thread-safe.
 */
public final class HeartbeatHandler implements ApiHandler {
    private final GroupCoordinator coordinator;

    public HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Errors error = coordinator.handleHeartbeat(request.getString("GroupId"), request.getString("MemberId"),
                request.getString("GroupInstanceId"), request.getInt("GenerationId"));
        Struct response = ApiKeys.HEARTBEAT.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        response.set("ErrorCode", error.code());
        return CompletableFuture.completedFuture(response);
    }
}
