package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaderEpochFileCacheTest {
    @TempDir
    File dir;

    private final TopicPartition tp = new TopicPartition("t", 0);

    private LeaderEpochFileCache cache() throws IOException {
        return new LeaderEpochFileCache(tp, LeaderEpochCheckpointFile.in(dir));
    }

    private String fileText() throws IOException {
        return Files.readString(new File(dir, "leader-epoch-checkpoint").toPath(), StandardCharsets.UTF_8);
    }

    @Test
    void checkpointFileUsesKafkasTextFormatAndRejectsMalformedContent() throws Exception {
        LeaderEpochCheckpointFile file = LeaderEpochCheckpointFile.in(dir);
        assertEquals(List.of(), file.read(), "a missing file has no entries");
        file.write(List.of(new EpochEntry(0, 0), new EpochEntry(3, 1200)));
        assertEquals("0\n2\n0 0\n3 1200\n", fileText());
        assertEquals(List.of(new EpochEntry(0, 0), new EpochEntry(3, 1200)), file.read());
        for (String bad : List.of("", "1\n0\n", "0\n2\n0 0\n", "0\nx\n", "0\n1\n0 zero\n", "0\n1\n0 1 2\n")) {
            Files.writeString(file.file().toPath(), bad);
            IOException e = assertThrows(IOException.class, file::read, bad);
            assertTrue(e.getMessage().contains(file.file().getName()), e.getMessage());
        }
    }

    @Test
    void assignKeepsEpochsAndOffsetsMonotonicAndPersistsEachChange() throws Exception {
        LeaderEpochFileCache cache = cache();
        assertEquals(OptionalInt.empty(), cache.latestEpoch());
        assertTrue(cache.assign(2, 0));
        assertFalse(cache.assign(2, 10), "the same epoch at a later offset changes nothing");
        assertFalse(cache.assign(-1, 10), "a negative epoch is ignored");
        assertTrue(cache.assign(5, 20));
        assertEquals(OptionalInt.of(5), cache.latestEpoch());
        assertEquals("0\n2\n2 0\n5 20\n", fileText());
        assertTrue(cache.assign(4, 15), "a smaller epoch removes the larger ones (after an unclean election)");
        assertEquals(List.of(new EpochEntry(2, 0), new EpochEntry(4, 15)), cache.epochEntries());
        assertTrue(cache.assign(6, 10), "a smaller start offset removes the entries from there");
        assertEquals(List.of(new EpochEntry(2, 0), new EpochEntry(6, 10)), cache.epochEntries());
        assertEquals(cache.epochEntries(), cache().epochEntries(), "reloaded from the file");
        assertEquals(new EpochEntry(2, 0), cache.earliestEntry());
        assertEquals(OptionalInt.of(2), cache.epochForOffset(9));
        assertEquals(OptionalInt.of(6), cache.epochForOffset(10));
    }

    @Test
    void endOffsetForFollowsKafka() throws Exception {
        LeaderEpochFileCache cache = cache();
        assertEquals(new LeaderEpochFileCache.EpochEndOffset(-1, -1), cache.endOffsetFor(0, 100), "empty cache");
        cache.assign(1, 0);
        cache.assign(3, 40);
        cache.assign(5, 70);
        assertEquals(new LeaderEpochFileCache.EpochEndOffset(5, 100), cache.endOffsetFor(5, 100),
            "the latest epoch ends at the log end offset");
        assertEquals(new LeaderEpochFileCache.EpochEndOffset(3, 70), cache.endOffsetFor(3, 100));
        assertEquals(new LeaderEpochFileCache.EpochEndOffset(3, 70), cache.endOffsetFor(4, 100),
            "an unknown epoch between two known ones maps to the smaller one");
        assertEquals(new LeaderEpochFileCache.EpochEndOffset(0, 0), cache.endOffsetFor(0, 100),
            "below the first epoch: the requested epoch and the first start offset");
        assertEquals(new LeaderEpochFileCache.EpochEndOffset(-1, -1), cache.endOffsetFor(6, 100),
            "above the latest epoch");
        assertEquals(new LeaderEpochFileCache.EpochEndOffset(-1, -1), cache.endOffsetFor(-1, 100));
    }

    @Test
    void truncationFromEndAndFromStart() throws Exception {
        LeaderEpochFileCache cache = cache();
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.assign(3, 20);
        cache.truncateFromEnd(20);
        assertEquals(List.of(new EpochEntry(1, 0), new EpochEntry(2, 10)), cache.epochEntries());
        cache.truncateFromStart(15);
        assertEquals(List.of(new EpochEntry(2, 15)), cache.epochEntries(),
            "the entry holding the new start offset moves to it");
        assertEquals("0\n1\n2 15\n", fileText());
        cache.truncateFromStart(5);
        assertEquals(List.of(new EpochEntry(2, 15)), cache.epochEntries(), "below the first entry: no change");
        cache.clearAndFlush();
        assertEquals(List.of(), cache().epochEntries());
    }
}
