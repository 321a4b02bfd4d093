package io.klassic.zk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /latest_producer_id_block}: the last block of producer ids handed out, in Kafka's JSON
 * {@code {"version":1,"broker":0,"block_start":"0","block_end":"999"}} (start and end inclusive, written as
 * strings). The next block starts at {@code block_end + 1}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProducerIdBlockZNode {

    public static final String PATH = "/latest_producer_id_block";

    private ProducerIdBlockZNode() {
    }

    public static String path() {
        return PATH;
    }

    public static byte[] encode(ProducerIdBlock block) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        json.put("broker", block.assignedBrokerId());
        json.put("block_start", Long.toString(block.firstProducerId()));
        json.put("block_end", Long.toString(block.lastProducerId()));
        return Json.writeBytes(json);
    }

    public static ProducerIdBlock decode(byte[] data) {
        Json.Fields f = Json.Fields.of(data, PATH);
        long start = f.longValue("block_start");
        long end = f.longValue("block_end");
        if (end < start || end - start + 1 > Integer.MAX_VALUE) {
            throw new Json.JsonException("The " + PATH + " znode has an invalid block [" + start + ", " + end + "].");
        }
        return new ProducerIdBlock(f.intValue("broker"), start, (int) (end - start + 1));
    }
}
