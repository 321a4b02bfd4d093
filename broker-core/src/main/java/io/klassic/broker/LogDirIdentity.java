package io.klassic.broker;

import io.klassic.log.MetaProperties;
import io.klassic.zk.ZkClient;
import org.apache.zookeeper.data.Stat;

import java.io.File;
import java.io.IOException;
import java.util.Optional;

/**
 * The identity check of the log directories ({@code meta.properties}: broker.id and cluster.id in each): a
 * directory that belongs to another cluster or another broker stops the start-up with a message saying so;
 * directories without the file get one. With {@code broker.id=-1} the id is taken from meta.properties or
 * generated from ZooKeeper's {@code /brokers/seqid} above {@code reserved.broker.max.id}, as Kafka does. Stateless.
 */
final class LogDirIdentity {
    private LogDirIdentity() {
    }

    static int checkAndStore(java.util.List<File> logDirs, int configuredBrokerId, String clusterId, ZkClient zk, int reservedBrokerMaxId) {
        Integer storedBrokerId = null;
        for (File dir : logDirs) {
            Optional<MetaProperties> meta = readMeta(dir);
            if (meta.isEmpty()) {
                continue;
            }
            if (!meta.get().clusterId().equals(clusterId)) {
                throw new ConfigException("The Cluster ID " + clusterId + " doesn't match stored clusterId Some(" + meta.get().clusterId()
                        + ") in meta.properties of " + dir + ". The broker is trying to join the wrong cluster. Configured zookeeper.connect may be wrong.");
            }
            if (storedBrokerId != null && storedBrokerId != meta.get().brokerId()) {
                throw new ConfigException("Stored broker.id values in the log directories differ: " + storedBrokerId + " and " + meta.get().brokerId());
            }
            storedBrokerId = meta.get().brokerId();
        }
        int brokerId;
        if (configuredBrokerId >= 0) {
            if (storedBrokerId != null && storedBrokerId != configuredBrokerId) {
                throw new ConfigException("Configured broker.id " + configuredBrokerId + " doesn't match stored broker.id " + storedBrokerId
                        + " in meta.properties. If you moved your data, make sure your configured broker.id matches. If you intend to create a new broker, you should remove all data in your data directories (log.dirs).");
            }
            brokerId = configuredBrokerId;
        } else if (storedBrokerId != null) {
            brokerId = storedBrokerId;
        } else {
            brokerId = generateBrokerId(zk, reservedBrokerMaxId);
        }
        for (File dir : logDirs) {
            if (readMeta(dir).isEmpty()) {
                if (!dir.isDirectory() && !dir.mkdirs()) {
                    throw new ConfigException("Invalid value " + dir + " for configuration log.dirs: cannot create the directory");
                }
                try {
                    new MetaProperties(brokerId, clusterId).write(dir);
                } catch (IOException e) {
                    throw new ConfigException("Cannot write meta.properties in log directory " + dir + ": " + e.getMessage());
                }
            }
        }
        return brokerId;
    }

    private static Optional<MetaProperties> readMeta(File dir) {
        try {
            return MetaProperties.read(dir);
        } catch (IOException e) {
            throw new ConfigException("Cannot read meta.properties in log directory " + dir + ": " + e.getMessage());
        }
    }

    private static int generateBrokerId(ZkClient zk, int reservedBrokerMaxId) {
        try {
            zk.ensurePath("/brokers/seqid");
            Stat stat = zk.curator().setData().forPath("/brokers/seqid", new byte[0]);
            return stat.getVersion() + reservedBrokerMaxId;
        } catch (Exception e) {
            throw new IllegalStateException("Could not generate a broker id from /brokers/seqid", e);
        }
    }
}
