package io.klassic.tools.dumplog;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems found while dumping, per file (by absolute path), printed on standard error after every file was
 * dumped, with Apache Kafka's wording and in its order: offset index entries that do not point at the batch
 * ending at their offset, then time index entries whose timestamp differs from the batch's largest one, that are
 * out of order, or whose offset ends no batch, then offsets that do not follow each other in a {@code .log}.
 * Within a file the offset index and offset gap lists come out latest first, as Kafka's (it prepends them).
 * Files come out in the order they were dumped; Kafka's order across files is that of a Scala hash map.
 *
 * <p>Not thread-safe.
 */
final class DumpErrors {
    private final Map<String, Deque<long[]>> indexMismatches = new LinkedHashMap<>();
    private final Map<String, List<long[]>> timeIndexMismatches = new LinkedHashMap<>();
    private final Map<String, List<long[]>> outOfOrderTimestamps = new LinkedHashMap<>();
    private final Map<String, List<long[]>> shallowOffsetsNotFound = new LinkedHashMap<>();
    private final Map<String, Deque<long[]>> nonConsecutiveOffsets = new LinkedHashMap<>();

    void recordIndexMismatch(String file, long indexOffset, long logOffset) {
        indexMismatches.computeIfAbsent(file, f -> new ArrayDeque<>()).addFirst(new long[] {indexOffset, logOffset});
    }

    void recordTimeIndexMismatch(String file, long indexTimestamp, long logTimestamp) {
        timeIndexMismatches.computeIfAbsent(file, f -> new ArrayList<>()).add(new long[] {indexTimestamp, logTimestamp});
    }

    void recordOutOfOrderTimestamp(String file, long indexTimestamp, long previousIndexTimestamp) {
        outOfOrderTimestamps.computeIfAbsent(file, f -> new ArrayList<>())
            .add(new long[] {indexTimestamp, previousIndexTimestamp});
    }

    void recordShallowOffsetNotFound(String file, long indexOffset, long logOffset) {
        shallowOffsetsNotFound.computeIfAbsent(file, f -> new ArrayList<>()).add(new long[] {indexOffset, logOffset});
    }

    void recordNonConsecutiveOffsets(String file, long first, long second) {
        nonConsecutiveOffsets.computeIfAbsent(file, f -> new ArrayDeque<>()).addFirst(new long[] {first, second});
    }

    void printTo(PrintStream err) {
        indexMismatches.forEach((file, list) -> {
            err.println("Mismatches in :" + file);
            list.forEach(m -> err.println("  Index offset: " + m[0] + ", log offset: " + m[1]));
        });
        timeIndexMismatches.forEach((file, list) -> {
            err.println("Found timestamp mismatch in :" + file);
            list.forEach(m -> err.println("  Index timestamp: " + m[0] + ", log timestamp: " + m[1]));
        });
        outOfOrderTimestamps.forEach((file, list) -> {
            err.println("Found out of order timestamp in :" + file);
            list.forEach(m -> err.println("  Index timestamp: " + m[0] + ", Previously indexed timestamp: " + m[1]));
        });
        shallowOffsetsNotFound.forEach((file, list) -> {
            err.println("The following indexed offsets are not found in the log.");
            list.forEach(m -> err.println("Indexed offset: " + m[0] + ", found log offset: " + m[1]));
        });
        nonConsecutiveOffsets.forEach((file, list) -> {
            err.println("Non-consecutive offsets in " + file);
            list.forEach(m -> err.println("  " + m[0] + " is followed by " + m[1]));
        });
        err.flush();
    }
}
