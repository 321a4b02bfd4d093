package io.klassic.tools.topic;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which topics a {@code --topic} argument names, as Apache Kafka's include lists read it: a Java regular
 * expression matched against the whole name, where {@code ,} separates alternatives, spaces are ignored and
 * surrounding quotes are dropped ({@code "t1,a\.b"} names {@code t1} and {@code a.b}). Internal topics
 * ({@code __consumer_offsets}, {@code __transaction_state}) are left out when asked to.
 *
 * <p>Immutable and thread-safe.
 */
public final class TopicFilter {

    /** Kafka's internal topics. */
    public static final Set<String> INTERNAL_TOPICS = Set.of("__consumer_offsets", "__transaction_state");

    private final Pattern pattern;

    /**
     * @throws IllegalArgumentException if the expression is not a valid regular expression
     */
    public TopicFilter(String rawRegex) {
        String regex = rawRegex.trim().replace(',', '|').replace(" ", "")
                .replaceAll("^[\"']+", "").replaceAll("[\"']+$", "");
        try {
            this.pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(rawRegex + " is an invalid regex.", e);
        }
    }

    public static boolean isInternal(String topic) {
        return INTERNAL_TOPICS.contains(topic);
    }

    public boolean isTopicAllowed(String topic, boolean excludeInternalTopics) {
        return pattern.matcher(topic).matches() && !(excludeInternalTopics && isInternal(topic));
    }

    /**
     * The topics of {@code all} that {@code topicRegex} allows (all of them without a regex), sorted, internal
     * ones left out if asked to.
     */
    public static List<String> filter(Collection<String> all, String topicRegex, boolean excludeInternalTopics) {
        TopicFilter filter = topicRegex == null ? null : new TopicFilter(topicRegex);
        return all.stream()
                .filter(t -> filter == null ? !(excludeInternalTopics && isInternal(t))
                        : filter.isTopicAllowed(t, excludeInternalTopics))
                .sorted()
                .toList();
    }
}
