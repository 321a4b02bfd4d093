package io.klassic.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a broker's log4j files ({@code server.log}, {@code controller.log}, ...) in its script's {@code LOG_DIR},
 * including the hourly rolled-over copies ({@code <name>.<yyyy-MM-dd-HH>}, older than the current file), so that a
 * test can count what a broker said since a point in time.
 *
 * <p>Stateless; thread-safe.
 */
public final class BrokerLogs {
    private BrokerLogs() {
    }

    /** The whole text of the broker's {@code name} log, oldest first. */
    public static String read(ClusterHarness cluster, int broker, String name) {
        Path dir = cluster.brokerLogDir(broker);
        if (!Files.isDirectory(dir)) {
            return "";
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().startsWith(name))
                    .sorted((a, b) -> rollOrder(a, name).compareTo(rollOrder(b, name))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            try {
                text.append(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return text.toString();
    }

    /** How many times {@code pattern} occurs in the broker's {@code name} log. */
    public static int count(ClusterHarness cluster, int broker, String name, Pattern pattern) {
        Matcher m = pattern.matcher(read(cluster, broker, name));
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    private static String rollOrder(Path file, String name) {
        String fileName = file.getFileName().toString();
        return fileName.equals(name) ? "\uffff" : fileName;
    }
}
