package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.group.JoinGroupResult;
import io.klassic.broker.group.MemberMetadata;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup (11), v0-7: parks the request in the group coordinator until the rebalance completes. v0 has no
 * rebalance timeout (the session timeout serves as one); v4+ first joins without a group instance id get
 * MEMBER_ID_REQUIRED and a member id to rejoin with; v5+ carries the group instance id of static members; before v7
 * a missing protocol name is sent as "". Thread-safe.
 */
public final class JoinGroupHandler implements ApiHandler {
    private final GroupCoordinator coordinator;

    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 7;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        int sessionTimeoutMs = request.getInt("SessionTimeoutMs");
        int rebalanceTimeoutMs = version >= 1 ? request.getInt("RebalanceTimeoutMs") : sessionTimeoutMs;
        String groupInstanceId = version >= 5 ? request.getString("GroupInstanceId") : null;
        List<MemberMetadata.Protocol> protocols = new ArrayList<>();
        List<Struct> requested = request.getStructs("Protocols");
        if (requested != null) {
            for (Struct p : requested) {
                protocols.add(new MemberMetadata.Protocol(p.getString("Name"), p.getBytes("Metadata")));
            }
        }
        CompletableFuture<Struct> future = new CompletableFuture<>();
        coordinator.handleJoinGroup(request.getString("GroupId"), GroupHandlers.orEmpty(request.getString("MemberId")), groupInstanceId,
                version >= 4 && groupInstanceId == null, context.clientId(), GroupHandlers.clientHost(context), rebalanceTimeoutMs,
                sessionTimeoutMs, request.getString("ProtocolType"), protocols, result -> future.complete(response(result, version)));
        return future;
    }

    private static Struct response(JoinGroupResult result, short version) {
        Struct response = ApiKeys.JOIN_GROUP.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        response.set("ErrorCode", result.error().code());
        response.set("GenerationId", result.generationId());
        response.set("ProtocolType", result.protocolType());
        response.set("ProtocolName", version < 7 ? GroupHandlers.orEmpty(result.protocolName()) : result.protocolName());
        response.set("Leader", GroupHandlers.orEmpty(result.leaderId()));
        response.set("MemberId", GroupHandlers.orEmpty(result.memberId()));
        List<Struct> members = new ArrayList<>();
        for (JoinGroupResult.Member m : result.members()) {
            Struct member = response.newElement("Members");
            member.set("MemberId", m.memberId());
            member.set("GroupInstanceId", m.groupInstanceId());
            member.set("Metadata", m.metadata());
            members.add(member);
        }
        response.set("Members", members);
        return response;
    }
}
