package io.klassic.broker.controller;

import io.klassic.log.TopicPartition;
import io.klassic.zk.LeaderIsrAndControllerEpoch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The automatic preferred leader election's choice, as Kafka's {@code checkAndTriggerAutoLeaderRebalance}: for
 * each online broker, the share of the partitions it is the preferred (first) replica of that it does not lead;
 * above {@code leader.imbalance.per.broker.percentage}, those of them where it is in the ISR are moved back to it.
 * Stateless.
 */
final class LeaderImbalance {
    private LeaderImbalance() {
    }

    static List<TopicPartition> partitionsToRebalance(ControllerContext context, Set<String> excludedTopics, int imbalancePercentage) {
        Map<Integer, List<TopicPartition>> byPreferred = new HashMap<>();
        for (TopicPartition tp : context.allPartitions()) {
            List<Integer> replicas = context.replicas(tp);
            if (!replicas.isEmpty() && !excludedTopics.contains(tp.topic()) && context.leadership(tp).isPresent()) {
                byPreferred.computeIfAbsent(replicas.get(0), b -> new ArrayList<>()).add(tp);
            }
        }
        List<TopicPartition> candidates = new ArrayList<>();
        for (Map.Entry<Integer, List<TopicPartition>> entry : byPreferred.entrySet()) {
            int broker = entry.getKey();
            if (!context.isReplicaOnline(broker)) {
                continue;
            }
            List<TopicPartition> notLed = entry.getValue().stream().filter(tp -> context.leader(tp) != broker).toList();
            double ratio = (double) notLed.size() / entry.getValue().size();
            if (ratio > imbalancePercentage / 100.0) {
                for (TopicPartition tp : notLed) {
                    LeaderIsrAndControllerEpoch state = context.leadership(tp).get().value();
                    if (state.isr().contains(broker)) {
                        candidates.add(tp);
                    }
                }
            }
        }
        return candidates;
    }
}
