package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * LeaveGroup (13), v0-4: v0-2 name one member and answer with one error (the member's, unless the whole request
 * failed); v3+ name a batch of members by member id and/or group instance id and answer one error per member.
 * Thread-safe.
 */
public final class LeaveGroupHandler implements ApiHandler {
    private final GroupCoordinator coordinator;

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.LEAVE_GROUP;
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
        short version = context.apiVersion();
        List<GroupCoordinator.MemberIdentity> members = new ArrayList<>();
        if (version <= 2) {
            members.add(new GroupCoordinator.MemberIdentity(request.getString("MemberId"), null));
        } else if (request.getStructs("Members") != null) {
            for (Struct m : request.getStructs("Members")) {
                members.add(new GroupCoordinator.MemberIdentity(m.getString("MemberId"), m.getString("GroupInstanceId")));
            }
        }
        GroupCoordinator.LeaveGroupResult result = coordinator.handleLeaveGroup(request.getString("GroupId"), members);
        Struct response = ApiKeys.LEAVE_GROUP.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        if (version <= 2) {
            Errors error = result.error();
            if (error == Errors.NONE && !result.memberErrors().isEmpty()) {
                error = result.memberErrors().get(0);
            }
            response.set("ErrorCode", error.code());
        } else {
            response.set("ErrorCode", result.error().code());
            List<Struct> out = new ArrayList<>();
            for (int i = 0; i < result.memberErrors().size(); i++) {
                Struct m = response.newElement("Members");
                m.set("MemberId", GroupHandlers.orEmpty(members.get(i).memberId()));
                m.set("GroupInstanceId", members.get(i).groupInstanceId());
                m.set("ErrorCode", result.memberErrors().get(i).code());
                out.add(m);
            }
            response.set("Members", out);
        }
        return CompletableFuture.completedFuture(response);
    }
}
