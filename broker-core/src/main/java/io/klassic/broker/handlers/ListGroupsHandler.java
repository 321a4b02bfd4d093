package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupAdminOperations;
import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListGroups (16), v0-4: the groups this broker coordinates; v4 filters by state names and reports each group's
 * state. COORDINATOR_LOAD_IN_PROGRESS (with the groups already loaded) while an offsets partition loads.
 * Thread-safe.
 */
public final class ListGroupsHandler implements ApiHandler {
    private final GroupCoordinator coordinator;

    public ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.LIST_GROUPS;
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
        List<String> states = context.apiVersion() >= 4 ? request.getList("StatesFilter") : List.of();
        GroupAdminOperations.ListGroupsResult result = coordinator.admin().listGroups(states);
        Struct response = ApiKeys.LIST_GROUPS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        response.set("ErrorCode", result.error().code());
        for (GroupAdminOperations.GroupOverview group : result.groups()) {
            Struct g = response.add("Groups");
            g.set("GroupId", group.groupId());
            g.set("ProtocolType", group.protocolType());
            g.set("GroupState", group.state());
        }
        if (result.groups().isEmpty()) {
            response.set("Groups", new java.util.ArrayList<Struct>());
        }
        return CompletableFuture.completedFuture(response);
    }
}
