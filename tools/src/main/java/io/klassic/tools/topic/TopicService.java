package io.klassic.tools.topic;

/**
 * The actions of {@code kafka-topics.sh}, carried out either through a broker (the Admin client) or, for
 * {@code --zookeeper}, directly on the topic znodes. Results are printed on the tool's standard output; failures
 * are thrown for {@link io.klassic.tools.TopicCommand} to print.
 *
 * <p>Implementations are used by one thread.
 */
public interface TopicService extends AutoCloseable {

    void createTopic(TopicCommandOptions opts) throws Exception;

    void listTopics(TopicCommandOptions opts) throws Exception;

    void describeTopic(TopicCommandOptions opts) throws Exception;

    void alterTopic(TopicCommandOptions opts) throws Exception;

    void deleteTopic(TopicCommandOptions opts) throws Exception;

    @Override
    void close();

    /** Kafka's warning for topic names that could collide in metric names. */
    String COLLISION_WARNING = "WARNING: Due to limitations in metric names, topics with a period ('.') or "
            + "underscore ('_') could collide. To avoid issues it is best to use either, but not both.";

    static boolean hasCollisionChars(String topic) {
        return topic.contains("_") || topic.contains(".");
    }

    /**
     * Kafka's checks of {@code --partitions} and {@code --replication-factor} for a new topic.
     *
     * @throws IllegalArgumentException naming the bad value's option
     */
    static void validateCreate(TopicCommandOptions opts) {
        opts.replicationFactor().ifPresent(rf -> {
            if (rf > Short.MAX_VALUE || rf < 1) {
                throw new IllegalArgumentException("The replication factor must be between 1 and " + Short.MAX_VALUE
                        + " inclusive");
            }
        });
        opts.partitions().ifPresent(p -> {
            if (p < 1) {
                throw new IllegalArgumentException("The partitions must be greater than 0");
            }
        });
    }

    /**
     * Fails when {@code --topic} named topics and none matched, unless {@code --if-exists} was given.
     *
     * @throws IllegalArgumentException {@code Topic 't' does not exist as expected}
     */
    static void ensureTopicExists(java.util.List<String> found, java.util.Optional<String> requestedTopic,
                                  boolean requireTopicExists) {
        if (requestedTopic.isPresent() && !requestedTopic.get().isEmpty() && requireTopicExists && found.isEmpty()) {
            throw new IllegalArgumentException("Topic '" + requestedTopic.get() + "' does not exist as expected");
        }
    }
}
