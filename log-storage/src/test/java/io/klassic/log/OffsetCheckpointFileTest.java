package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetCheckpointFileTest {
    @TempDir
    File dir;

    @Test
    void roundTripsInKafkasTextFormat() throws Exception {
        File file = new File(dir, OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT);
        OffsetCheckpointFile checkpoint = new OffsetCheckpointFile(file);
        assertEquals(Map.of(), checkpoint.read(), "a missing file is empty");

        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        offsets.put(new TopicPartition("my-topic", 0), 1234L);
        offsets.put(new TopicPartition("__consumer_offsets", 17), 0L);
        offsets.put(new TopicPartition("a.b_c", 2), Long.MAX_VALUE);
        checkpoint.write(offsets);
        assertEquals("0\n3\nmy-topic 0 1234\n__consumer_offsets 17 0\na.b_c 2 9223372036854775807\n",
            Files.readString(file.toPath()));
        assertEquals(offsets, checkpoint.read());
        assertFalse(new File(dir, file.getName() + ".tmp").exists(), "the temporary file was renamed");

        checkpoint.write(Map.of());
        assertEquals("0\n0\n", Files.readString(file.toPath()));
        assertEquals(Map.of(), checkpoint.read());
    }

    @Test
    void malformedFilesAreReportedWithTheirPath() throws Exception {
        File file = new File(dir, "replication-offset-checkpoint");
        OffsetCheckpointFile checkpoint = new OffsetCheckpointFile(file);
        for (String content : new String[]{"", "1\n0\n", "0\n2\nt 0 5\n", "0\n1\nt zero 5\n", "0\n1\nt 0\n",
            "0\nx\n"}) {
            Files.write(file.toPath(), content.getBytes(StandardCharsets.UTF_8));
            IOException e = assertThrows(IOException.class, checkpoint::read, content);
            assertTrue(e.getMessage().contains(file.getAbsolutePath()), e.getMessage());
        }
    }
}
