package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Crash-safe replacement of small files: the new content, no temporary file left, an old .tmp overwritten. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeCreatesAndReplacesTheFileAndLeavesNoTemporary() throws Exception {
        Path target = dir.resolve("recovery-point-offset-checkpoint");
        AtomicFiles.write(target, "0\n1\nt 0 42\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("0\n1\nt 0 42\n", Files.readString(target));

        AtomicFiles.write(target, "0\n0\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("0\n0\n", Files.readString(target), "replaced whole, not merged");
        assertEquals(List.of(target), list());
    }

    @Test
    void aTemporaryLeftByACrashIsOverwritten() throws Exception {
        Path target = dir.resolve("cleaner-offset-checkpoint");
        Files.writeString(target.resolveSibling(target.getFileName() + AtomicFiles.TMP_SUFFIX), "half a write from before a crash, longer than the new one");
        AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void fsyncOfADirectoryThatCannotBeOpenedIsANoOp() {
        AtomicFiles.fsyncDirectory(dir.resolve("missing"));
        AtomicFiles.fsyncDirectory(null);
    }

    private List<Path> list() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
