package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteGroups (42), v0-2: deletes Empty groups and their committed offsets (tombstones in
 * {@code __consumer_offsets}); NON_EMPTY_GROUP while a group has members, GROUP_ID_NOT_FOUND for unknown groups.
 * Thread-safe.
 */
public final class DeleteGroupsHandler implements ApiHandler {
    private final GroupCoordinator coordinator;

    public DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        List<String> groupIds = request.getList("GroupsNames");
        Map<String, Errors> errors = coordinator.admin().deleteGroups(groupIds);
        Struct response = ApiKeys.DELETE_GROUPS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        for (String groupId : groupIds) {
            Struct r = response.add("Results");
            r.set("GroupId", groupId);
            r.set("ErrorCode", errors.getOrDefault(groupId, Errors.NONE).code());
        }
        return CompletableFuture.completedFuture(response);
    }
}
