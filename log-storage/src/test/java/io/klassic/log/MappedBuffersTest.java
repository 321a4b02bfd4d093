package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mappings are released at once on this JVM, so a deleted index's file goes away with its mapping. */
class MappedBuffersTest {
    @TempDir
    Path dir;

    @Test
    void unmapsAtOnceOnTheJdkAndIgnoresNull() throws Exception {
        assertTrue(MappedBuffers.canUnmap(), "Java 17 exposes Unsafe.invokeCleaner through jdk.unsupported");
        Path file = dir.resolve("00000000000000000000.index");
        MappedByteBuffer buffer;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096);
        }
        buffer.putLong(0, 42L);
        buffer.force();
        MappedBuffers.unmap(buffer);
        Files.delete(file);
        assertFalse(Files.exists(file));
        MappedBuffers.unmap(null);
    }
}
