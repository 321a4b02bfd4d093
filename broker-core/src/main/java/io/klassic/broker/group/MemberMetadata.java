package io.klassic.broker.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One member of a classic group: who it is (member id, optional group instance id for static membership, client
 * id and host), its timeouts, the protocols it supports in order of preference with their metadata (for a consumer,
 * its subscription), the assignment the leader gave it, and the JoinGroup or SyncGroup request it has parked at
 * the coordinator. Guarded by the lock of its {@link GroupMetadata}; not thread-safe on its own.
 */
public final class MemberMetadata {
    /** A protocol (for a consumer: an assignor name) and the member's metadata for it. */
    public record Protocol(String name, byte[] metadata) {
        boolean sameAs(Protocol other) {
            return name.equals(other.name) && Arrays.equals(metadata, other.metadata);
        }
    }

    private final String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private final String protocolType;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private List<Protocol> supportedProtocols;
    private byte[] assignment = new byte[0];
    private Consumer<JoinGroupResult> awaitingJoin;
    private Consumer<SyncGroupResult> awaitingSync;
    private boolean isNew;
    private boolean heartbeatSatisfied;
    private CoordinatorScheduler.Timeout heartbeatTimeout;

    public MemberMetadata(String memberId, String groupInstanceId, String clientId, String clientHost, int rebalanceTimeoutMs,
                          int sessionTimeoutMs, String protocolType, List<Protocol> supportedProtocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.supportedProtocols = List.copyOf(supportedProtocols);
    }

    /** A copy of {@code other} under a new member id (a static member that rejoined without its member id). */
    MemberMetadata withMemberId(String newMemberId) {
        MemberMetadata copy = new MemberMetadata(newMemberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs,
                sessionTimeoutMs, protocolType, supportedProtocols);
        copy.assignment = assignment;
        return copy;
    }

    public String memberId() {
        return memberId;
    }

    public String groupInstanceId() {
        return groupInstanceId;
    }

    public boolean isStaticMember() {
        return groupInstanceId != null;
    }

    public String clientId() {
        return clientId;
    }

    public String clientHost() {
        return clientHost;
    }

    public String protocolType() {
        return protocolType;
    }

    public int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    public int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    void updateTimeouts(int rebalanceTimeoutMs, int sessionTimeoutMs) {
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    public List<Protocol> supportedProtocols() {
        return supportedProtocols;
    }

    void setSupportedProtocols(List<Protocol> protocols) {
        this.supportedProtocols = List.copyOf(protocols);
    }

    public List<String> protocolNames() {
        List<String> names = new ArrayList<>(supportedProtocols.size());
        for (Protocol p : supportedProtocols) {
            names.add(p.name());
        }
        return names;
    }

    /** The member's metadata for {@code protocol}. */
    public byte[] metadata(String protocol) {
        for (Protocol p : supportedProtocols) {
            if (p.name().equals(protocol)) {
                return p.metadata();
            }
        }
        throw new IllegalArgumentException("Member " + memberId + " does not support protocol " + protocol + ".");
    }

    /** True when {@code protocols} are exactly the ones this member already joined with (names, order and metadata). */
    public boolean matches(List<Protocol> protocols) {
        if (protocols.size() != supportedProtocols.size()) {
            return false;
        }
        for (int i = 0; i < protocols.size(); i++) {
            if (!protocols.get(i).sameAs(supportedProtocols.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The first protocol of this member's preference list that is in {@code candidates}. */
    String vote(java.util.Set<String> candidates) {
        for (Protocol p : supportedProtocols) {
            if (candidates.contains(p.name())) {
                return p.name();
            }
        }
        throw new IllegalArgumentException("Member " + memberId + " does not support any of " + candidates + ".");
    }

    public byte[] assignment() {
        return assignment;
    }

    void setAssignment(byte[] assignment) {
        this.assignment = assignment == null ? new byte[0] : assignment;
    }

    Consumer<JoinGroupResult> awaitingJoin() {
        return awaitingJoin;
    }

    void setAwaitingJoin(Consumer<JoinGroupResult> callback) {
        this.awaitingJoin = callback;
    }

    public boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    Consumer<SyncGroupResult> awaitingSync() {
        return awaitingSync;
    }

    void setAwaitingSync(Consumer<SyncGroupResult> callback) {
        this.awaitingSync = callback;
    }

    public boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    boolean isNew() {
        return isNew;
    }

    void setNew(boolean isNew) {
        this.isNew = isNew;
    }

    void setHeartbeatSatisfied(boolean satisfied) {
        this.heartbeatSatisfied = satisfied;
    }

    /**
     * Whether the member's session is still alive at its heartbeat deadline: a member parked in JoinGroup or
     * SyncGroup counts as alive (its rebalance timeout applies instead), except a new member, whose first JoinGroup
     * may have been abandoned by a client that timed out.
     */
    boolean hasSatisfiedHeartbeat() {
        if (isNew) {
            return heartbeatSatisfied;
        }
        return isAwaitingJoin() || isAwaitingSync() || heartbeatSatisfied;
    }

    CoordinatorScheduler.Timeout heartbeatTimeout() {
        return heartbeatTimeout;
    }

    void setHeartbeatTimeout(CoordinatorScheduler.Timeout timeout) {
        this.heartbeatTimeout = timeout;
    }

    @Override
    public String toString() {
        return "MemberMetadata(memberId=" + memberId + ", groupInstanceId=" + groupInstanceId + ", clientId=" + clientId
                + ", clientHost=" + clientHost + ", sessionTimeoutMs=" + sessionTimeoutMs + ", rebalanceTimeoutMs="
                + rebalanceTimeoutMs + ", supportedProtocols=" + protocolNames() + ")";
    }
}
