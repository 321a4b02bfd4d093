package io.klassic.broker.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a classic group, with the names Kafka shows in DescribeGroups and ListGroups, and the states
 * each one may be entered from:
 * <pre>
 * Empty               &lt;- PreparingRebalance (no member rejoined)
 * PreparingRebalance  &lt;- Empty, Stable, CompletingRebalance (a member joins, leaves, or changes its metadata)
 * CompletingRebalance &lt;- PreparingRebalance (every member rejoined: waiting for the leader's assignment)
 * Stable              &lt;- CompletingRebalance (the leader's assignment is stored and sent)
 * Dead                &lt;- any state (the group was deleted or its offsets partition moved away)
 * </pre>
 * Immutable.
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String displayName;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    /** The name on the wire (DescribeGroups, ListGroups v4 filter). */
    public String displayName() {
        return displayName;
    }

    /** The state named {@code name} (case-insensitive, as Kafka's ListGroups filter), or null. */
    public static GroupState parse(String name) {
        for (GroupState state : values()) {
            if (state.displayName.equalsIgnoreCase(name)) {
                return state;
            }
        }
        return null;
    }

    Set<GroupState> validPreviousStates() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(EMPTY, STABLE, COMPLETING_REBALANCE);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.allOf(GroupState.class);
        };
    }

    @Override
    public String toString() {
        return displayName;
    }
}
