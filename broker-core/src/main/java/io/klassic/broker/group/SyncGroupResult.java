package io.klassic.broker.group;

import io.klassic.protocol.Errors;

/** The answer to one SyncGroup: the group's protocol type and name, the member's assignment, an error. Immutable. */
public record SyncGroupResult(String protocolType, String protocolName, byte[] assignment, Errors error) {
    public static SyncGroupResult error(Errors error) {
        return new SyncGroupResult(null, null, new byte[0], error);
    }
}
