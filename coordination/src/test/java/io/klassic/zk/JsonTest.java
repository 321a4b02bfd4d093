package io.klassic.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesCompactJsonInMapOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", 1);
        map.put("a", List.of(1L, -2L, Long.MAX_VALUE));
        map.put("s", "x");
        map.put("t", true);
        map.put("n", null);
        map.put("o", Map.of());
        assertEquals("{\"b\":1,\"a\":[1,-2,9223372036854775807],\"s\":\"x\",\"t\":true,\"n\":null,\"o\":{}}",
                Json.write(map));
    }

    @Test
    void escapesStrings() {
        String nasty = "q\"b\\n\nr\rt\tb\bf\fc\u0001é€😀/";
        String json = Json.write(nasty);
        assertEquals("\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\fc\\u0001é€😀/\"", json);
        assertEquals(nasty, Json.parse(json));
        assertEquals(nasty, Json.parse(new String(Json.writeBytes(nasty), StandardCharsets.UTF_8)));
    }

    @Test
    void parsesAllValueKinds() {
        Object parsed = Json.parse(" { \"a\" : [ 1 , -0, 9223372036854775807, -9223372036854775808 ],\n"
                + "\"b\":{\"c\":\"\\u00e9\\ud83d\\ude00\\/\"}, \"d\":true, \"e\":false, \"f\":null, \"g\":[] } ");
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertEquals(List.of(1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE), map.get("a"));
        assertEquals(Map.of("c", "é😀/"), map.get("b"));
        assertEquals(Boolean.TRUE, map.get("d"));
        assertEquals(Boolean.FALSE, map.get("e"));
        assertTrue(map.containsKey("f"));
        assertNull(map.get("f"));
        assertEquals(List.of(), map.get("g"));
        assertEquals(Arrays.asList("a", "b", "d", "e", "f", "g"), List.copyOf(map.keySet()));
    }

    @Test
    void roundTripsNestedValues() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("partitions", Map.of("0", List.of(1L, 2L)));
        map.put("list", List.of(List.of(), Map.of("k", "v"), "s", 5L));
        assertEquals(map, Json.parse(Json.write(map)));
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : new String[] {"", "{", "{\"a\":}", "{\"a\" 1}", "[1,]", "[1 2]", "01", "1.5", "1e3",
                "\"abc", "\"\\x\"", "tru", "{\"a\":1}x", "{a:1}", "{\"a\":1,\"a\":2}", "99999999999999999999",
                "\"a\nb\"", "\"\\u12\""}) {
            Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("Malformed JSON at position"), e.getMessage());
        }
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThrows(Json.JsonException.class, () -> Json.parse(deep));
    }

    @Test
    void parseObjectRejectsNonObjects() {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parseObject("[1]"));
        assertTrue(e.getMessage().contains("Expected a JSON object"), e.getMessage());
    }

    @Test
    void refusesUnknownTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(1.5));
        assertTrue(e.getMessage().contains("java.lang.Double"), e.getMessage());
    }
}
