package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupAdminOperations;
import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeGroups (15), v0-5: state, protocol and members of each group; an unknown group is described as Dead
 * without error, as Kafka does. Member metadata and assignments are filled only for Stable groups. Without an
 * authorizer every group operation is allowed: asked for them (v3+), the answer is READ, DELETE and DESCRIBE.
 * Thread-safe.
 */
public final class DescribeGroupsHandler implements ApiHandler {
    /** The bits of AclOperation READ (3), DELETE (6) and DESCRIBE (8): the operations on a group. */
    static final int GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);

    private final GroupCoordinator coordinator;

    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DESCRIBE_GROUPS;
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
        boolean includeOperations = context.apiVersion() >= 3 && request.getBool("IncludeAuthorizedOperations");
        Struct response = ApiKeys.DESCRIBE_GROUPS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        List<String> groupIds = request.getList("Groups");
        List<Struct> groups = new ArrayList<>();
        for (String groupId : groupIds) {
            GroupAdminOperations.GroupSummary summary = coordinator.admin().describeGroup(groupId);
            Struct g = response.newElement("Groups");
            g.set("ErrorCode", summary.error().code());
            g.set("GroupId", groupId);
            g.set("GroupState", summary.state());
            g.set("ProtocolType", summary.protocolType());
            g.set("ProtocolData", summary.protocol());
            List<Struct> members = new ArrayList<>();
            for (GroupAdminOperations.MemberSummary m : summary.members()) {
                Struct member = g.newElement("Members");
                member.set("MemberId", m.memberId());
                member.set("GroupInstanceId", m.groupInstanceId());
                member.set("ClientId", m.clientId());
                member.set("ClientHost", m.clientHost());
                member.set("MemberMetadata", m.metadata());
                member.set("MemberAssignment", m.assignment());
                members.add(member);
            }
            g.set("Members", members);
            g.set("AuthorizedOperations", includeOperations ? GROUP_OPERATIONS : Integer.MIN_VALUE);
            groups.add(g);
        }
        response.set("Groups", groups);
        return CompletableFuture.completedFuture(response);
    }
}
