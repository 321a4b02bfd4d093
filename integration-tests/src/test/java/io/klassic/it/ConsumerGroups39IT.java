package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

/**
 * The consumer group scenarios of {@link ConsumerGroupScenarios} with kafka-clients 3.9: every member is a child JVM
 * ({@link ChildJvmGroupMember}) whose classpath holds kafka-clients 3.9.1, driven through its stdin and stdout; a
 * member that dies is {@code kill -9}ed.
 *
 * <p>Not thread-safe: JUnit runs one test at a time.
 */
class ConsumerGroups39IT extends ConsumerGroupScenarios {
    @Override
    GroupMember member(String name, String group, String topic, String assignor, GroupMember.Commit commit, Map<String, String> overrides) {
        ChildJvmGroupMember member = new ChildJvmGroupMember(name, cluster.bootstrapServers(), group, topic, assignor, commit, overrides,
                cluster.tempDir().resolve("members"));
        try {
            assertEquals(ChildJvmGroupMember.CLIENTS_VERSION, member.clientsVersion(), member::describe);
        } catch (RuntimeException | AssertionError e) {
            member.crash();
            throw e;
        }
        return member;
    }

    @Override
    String clients() {
        return "kafka-clients " + ChildJvmGroupMember.CLIENTS_VERSION;
    }
}
