package io.klassic.zk;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the cluster id from {@code /cluster/id}, or creates it with a fresh random id the first time a
 * broker of the cluster starts. Concurrent creators agree: the loser of the create race reads the
 * winner's id.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClusterIdManager {

    private static final Logger log = LoggerFactory.getLogger(ClusterIdManager.class);

    private ClusterIdManager() {
    }

    /** The cluster id, creating {@code /cluster/id} if it does not exist yet. */
    public static String getOrCreate(ZkClient zk) {
        while (true) {
            Optional<String> existing = get(zk);
            if (existing.isPresent()) {
                return existing.get();
            }
            String id = generateClusterId();
            try {
                zk.curator().create().creatingParentsIfNeeded().forPath(ClusterIdZNode.PATH, ClusterIdZNode.encode(id));
                log.info("Created the cluster id {} at {}.", id, ClusterIdZNode.PATH);
                return id;
            } catch (KeeperException.NodeExistsException e) {
                // another broker won the race: read its id
            } catch (Exception e) {
                throw ZkException.wrap("create", ClusterIdZNode.PATH, e);
            }
        }
    }

    /** The cluster id if {@code /cluster/id} exists. */
    public static Optional<String> get(ZkClient zk) {
        return zk.readData(ClusterIdZNode.PATH).map(v -> ClusterIdZNode.decode(v.value()));
    }

    /**
     * A new random id as Kafka makes one: the 16 bytes of a random UUID in unpadded base64url
     * (22 characters), never starting with '-' (which command lines would take for a flag).
     */
    public static String generateClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
