package io.klassic.tools.topic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicFilterTest {

    private static final List<String> ALL = List.of("t1", "a.b", "aXb", "__consumer_offsets", "t10", "__x");

    @Test
    void matchesWholeNamesWithCommasAsAlternativesAndQuotesDropped() {
        assertEquals(List.of("t1", "t10"), TopicFilter.filter(ALL, "t.*", false));
        assertEquals(List.of("a.b", "aXb", "t1"), TopicFilter.filter(ALL, "t1, a.b", false));
        assertEquals(List.of("a.b", "t1"), TopicFilter.filter(ALL, "\"t1,a\\.b\"", false));
        assertEquals(List.of("t1"), TopicFilter.filter(ALL, "t1", false));
        assertEquals(List.of(), TopicFilter.filter(ALL, "", false));
    }

    @Test
    void withoutRegexListsEverythingSortedAndHidesOnlyKafkasInternalTopicsWhenAsked() {
        assertEquals(List.of("__consumer_offsets", "__x", "a.b", "aXb", "t1", "t10"), TopicFilter.filter(ALL, null, false));
        assertEquals(List.of("__x", "a.b", "aXb", "t1", "t10"), TopicFilter.filter(ALL, null, true));
        assertTrue(TopicFilter.isInternal("__transaction_state"));
        assertFalse(TopicFilter.isInternal("__x"));
        assertEquals(List.of(), TopicFilter.filter(ALL, "__consumer_offsets", true));
    }

    @Test
    void rejectsAnInvalidRegex() {
        assertEquals("t[ is an invalid regex.",
                assertThrows(IllegalArgumentException.class, () -> new TopicFilter("t[")).getMessage());
    }
}
