package io.klassic.zk;

import java.util.Optional;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out producer ids that are unique across the cluster. Each broker reserves blocks of
 * {@link #PRODUCER_ID_BLOCK_SIZE} ids in {@code /latest_producer_id_block} by a conditional write (create
 * when absent, else {@code setData} with the version it read; a lost race is retried), then hands out the
 * ids of its block one by one.
 *
 * <p>Thread-safe: {@link #generateProducerId()} is synchronized.
 */
public final class ProducerIdManager {

    private static final Logger log = LoggerFactory.getLogger(ProducerIdManager.class);

    /** Kafka's {@code ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE}. */
    public static final int PRODUCER_ID_BLOCK_SIZE = 1000;

    private final int brokerId;
    private final ZkClient zk;
    private ProducerIdBlock currentBlock;
    private long nextProducerId = -1;

    public ProducerIdManager(int brokerId, ZkClient zk) {
        this.brokerId = brokerId;
        this.zk = zk;
    }

    /** The next unused producer id, reserving a new block in ZooKeeper when the current one is used up. */
    public synchronized long generateProducerId() {
        if (currentBlock == null || nextProducerId > currentBlock.lastProducerId()) {
            currentBlock = allocateNewBlock();
            nextProducerId = currentBlock.firstProducerId();
        }
        return nextProducerId++;
    }

    private ProducerIdBlock allocateNewBlock() {
        String path = ProducerIdBlockZNode.PATH;
        while (true) {
            Optional<Versioned<byte[]>> current = zk.readData(path);
            long first = 0;
            if (current.isPresent() && current.get().value().length > 0) {
                ProducerIdBlock previous = ProducerIdBlockZNode.decode(current.get().value());
                if (previous.lastProducerId() > Long.MAX_VALUE - PRODUCER_ID_BLOCK_SIZE) {
                    throw new ZkException("Exhausted all producer ids: the next block's end producer id would "
                            + "exceed the int64 limit.", path);
                }
                first = previous.lastProducerId() + 1;
            }
            ProducerIdBlock block = new ProducerIdBlock(brokerId, first, PRODUCER_ID_BLOCK_SIZE);
            byte[] data = ProducerIdBlockZNode.encode(block);
            try {
                if (current.isPresent()) {
                    zk.curator().setData().withVersion(current.get().zkVersion()).forPath(path, data);
                } else {
                    zk.curator().create().creatingParentsIfNeeded().forPath(path, data);
                }
                log.info("Acquired the producer id block {} (ids {} to {}) for broker {}.", block,
                        block.firstProducerId(), block.lastProducerId(), brokerId);
                return block;
            } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                     | KeeperException.NoNodeException e) {
                log.debug("Lost the race for a producer id block at {}; retrying.", path);
            } catch (Exception e) {
                throw ZkException.wrap("reserve a producer id block in", path, e);
            }
        }
    }
}
