package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.group.SyncGroupResult;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * SyncGroup (14), v0-5: the leader brings the assignment, the followers wait for it; every member gets its own
 * part. v3+ carries the group instance id; v5 checks and returns the protocol type and name. Thread-safe.
 */
public final class SyncGroupHandler implements ApiHandler {
    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.SYNC_GROUP;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Map<String, byte[]> assignment = new HashMap<>();
        List<Struct> assignments = request.getStructs("Assignments");
        if (assignments != null) {
            for (Struct a : assignments) {
                assignment.put(a.getString("MemberId"), a.getBytes("Assignment"));
            }
        }
        CompletableFuture<Struct> future = new CompletableFuture<>();
        coordinator.handleSyncGroup(request.getString("GroupId"), request.getInt("GenerationId"), request.getString("MemberId"),
                request.getString("GroupInstanceId"), request.getString("ProtocolType"), request.getString("ProtocolName"), assignment,
                result -> future.complete(response(result)));
        return future;
    }

    private static Struct response(SyncGroupResult result) {
        Struct response = ApiKeys.SYNC_GROUP.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        response.set("ErrorCode", result.error().code());
        response.set("ProtocolType", result.protocolType());
        response.set("ProtocolName", result.protocolName());
        response.set("Assignment", result.assignment() == null ? new byte[0] : result.assignment());
        return response;
    }
}
