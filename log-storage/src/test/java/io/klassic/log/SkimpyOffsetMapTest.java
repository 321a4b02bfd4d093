package io.klassic.log;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SkimpyOffsetMapTest {
    private static ByteBuffer key(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void putGetOverwriteAndClear() {
        SkimpyOffsetMap map = new SkimpyOffsetMap(4096);
        assertEquals(4096 / 24, map.slots());
        for (int i = 0; i < 100; i++) {
            map.put(key("k" + i), i);
        }
        map.put(key("k7"), 1000);
        assertEquals(100, map.size());
        assertEquals(1000, map.get(key("k7")));
        assertEquals(42, map.get(key("k42")));
        assertEquals(-1, map.get(key("absent")));
        assertEquals(1000, map.latestOffset());
        ByteBuffer k = key("position");
        map.put(k, 5);
        assertEquals(0, k.position(), "the key buffer is not moved");
        map.clear();
        assertEquals(0, map.size());
        assertEquals(-1, map.get(key("k7")));
        assertEquals(-1, map.latestOffset());
    }

    @Test
    void aFullMapRefusesNewKeysButUpdatesOldOnes() {
        SkimpyOffsetMap map = new SkimpyOffsetMap(24 * 3);
        map.put(key("a"), 1);
        map.put(key("b"), 2);
        map.put(key("c"), 3);
        assertEquals(3, map.get(key("c")));
        assertThrows(IllegalStateException.class, () -> map.put(key("d"), 4));
        assertEquals(1.0, map.utilization());
        assertThrows(IllegalArgumentException.class, () -> new SkimpyOffsetMap(10));
    }
}
