package io.klassic.broker.group;

import io.klassic.protocol.Errors;

import java.util.List;

/**
 * The answer to one JoinGroup: the member list (only the leader gets it: each member's id, group instance id and
 * metadata for the chosen protocol), the member's own id, the generation, the protocol type and name, the leader's
 * member id, and an error. Immutable.
 */
public record JoinGroupResult(List<Member> members, String memberId, int generationId, String protocolType,
                              String protocolName, String leaderId, Errors error) {
    public static final int NO_GENERATION = -1;

    /** One entry of the leader's member list. */
    public record Member(String memberId, String groupInstanceId, byte[] metadata) {
    }

    /** A failed join: no generation, protocol or leader. */
    public static JoinGroupResult error(String memberId, Errors error) {
        return new JoinGroupResult(List.of(), memberId, NO_GENERATION, null, null, "", error);
    }
}
