package io.klassic.log;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.Properties;

/**
 * A log directory's identity, file {@code meta.properties}, in Java properties format as Apache Kafka 3.x in
 * ZooKeeper mode writes it:
 *
 * <pre>
 *   #
 *   #Tue Mar 15 10:00:00 UTC 2022
 *   cluster.id=Bs2gXWPmTbSLWWpZT3kT9A
 *   version=0
 *   broker.id=0
 * </pre>
 *
 * {@code version} must be 0 (version 1 belongs to KRaft nodes); {@code cluster.id} may be absent in files written
 * before the broker learnt the cluster id. Written crash-safely (temporary file, fsync, rename). Immutable and
 * thread-safe.
 */
public record MetaProperties(int version, int brokerId, String clusterId) {
    public static final String FILE_NAME = "meta.properties";
    public static final String VERSION_KEY = "version";
    public static final String BROKER_ID_KEY = "broker.id";
    public static final String CLUSTER_ID_KEY = "cluster.id";

    public MetaProperties {
        if (version != 0) {
            throw new IllegalArgumentException("Only meta.properties version 0 (ZooKeeper mode) is supported, not "
                + version + ".");
        }
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker.id must not be negative, but is " + brokerId + ".");
        }
    }

    /** Version 0 with the given broker id and cluster id (nullable). */
    public MetaProperties(int brokerId, String clusterId) {
        this(0, brokerId, clusterId);
    }

    /**
     * The identity stored in {@code logDir}, or empty when it has no meta.properties.
     *
     * @throws IOException when the file cannot be read or holds a bad value (the message names the key and file)
     */
    public static Optional<MetaProperties> read(File logDir) throws IOException {
        File file = new File(logDir, FILE_NAME);
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file.toPath())) {
            props.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int version = intValue(props, VERSION_KEY, file);
        if (version != 0) {
            throw new IOException("The file " + file + " has " + VERSION_KEY + "=" + version + ", which a KRaft node "
                + "writes; a broker in ZooKeeper mode needs version 0.");
        }
        int brokerId = intValue(props, BROKER_ID_KEY, file);
        if (brokerId < 0) {
            throw new IOException("The file " + file + " has a negative " + BROKER_ID_KEY + "=" + brokerId + ".");
        }
        String clusterId = props.getProperty(CLUSTER_ID_KEY);
        return Optional.of(new MetaProperties(version, brokerId,
            clusterId == null || clusterId.isBlank() ? null : clusterId.trim()));
    }

    /** Writes (or replaces) {@code meta.properties} in {@code logDir}. */
    public void write(File logDir) throws IOException {
        Properties props = new Properties();
        props.setProperty(VERSION_KEY, Integer.toString(version));
        props.setProperty(BROKER_ID_KEY, Integer.toString(brokerId));
        if (clusterId != null) {
            props.setProperty(CLUSTER_ID_KEY, clusterId);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        props.store(out, "");
        AtomicFiles.write(new File(logDir, FILE_NAME).toPath(), out.toByteArray());
    }

    private static int intValue(Properties props, String key, File file) throws IOException {
        String value = props.getProperty(key);
        if (value == null) {
            throw new IOException("The file " + file + " has no " + key + ".");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IOException("The file " + file + " has an invalid " + key + "=" + value + ".");
        }
    }
}
