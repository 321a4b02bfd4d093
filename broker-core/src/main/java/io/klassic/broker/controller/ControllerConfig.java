package io.klassic.broker.controller;

/**
 * The broker settings the controller uses, under Kafka's keys:
 *
 * @param brokerId                           {@code broker.id} of this broker
 * @param interBrokerListener                the listener the controller connects to ({@code inter.broker.listener.name},
 *                                           else the one named by {@code security.inter.broker.protocol})
 * @param socketTimeoutMs                    {@code controller.socket.timeout.ms}
 * @param deleteTopicEnable                  {@code delete.topic.enable}
 * @param uncleanLeaderElectionEnable        {@code unclean.leader.election.enable} (a topic may override it)
 * @param autoLeaderRebalanceEnable          {@code auto.leader.rebalance.enable}
 * @param leaderImbalanceCheckIntervalMs     {@code leader.imbalance.check.interval.seconds}, in ms
 * @param leaderImbalancePerBrokerPercentage {@code leader.imbalance.per.broker.percentage}
 */
public record ControllerConfig(int brokerId, String interBrokerListener, int socketTimeoutMs, boolean deleteTopicEnable,
                               boolean uncleanLeaderElectionEnable, boolean autoLeaderRebalanceEnable,
                               long leaderImbalanceCheckIntervalMs, int leaderImbalancePerBrokerPercentage) {
}
