package io.klassic.zk;

import java.nio.charset.StandardCharsets;

/**
 * {@code /controller_epoch}: the controller epoch as plain decimal text (e.g. {@code 3}), no JSON.
 * It is created with {@link #INITIAL_CONTROLLER_EPOCH} and incremented, by a conditional write on its
 * znode version, by every newly elected controller; controller writes are fenced by a check of that version.
 *
 * <p>Stateless and thread-safe.
 */
public final class ControllerEpochZNode {

    public static final String PATH = "/controller_epoch";
    /** Kafka's {@code KafkaController.InitialControllerEpoch}. */
    public static final int INITIAL_CONTROLLER_EPOCH = 0;

    private ControllerEpochZNode() {
    }

    public static String path() {
        return PATH;
    }

    public static byte[] encode(int epoch) {
        return Integer.toString(epoch).getBytes(StandardCharsets.UTF_8);
    }

    public static int decode(byte[] data) {
        String text = data == null ? "" : new String(data, StandardCharsets.UTF_8).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Json.JsonException("The " + PATH + " znode must hold an integer but holds \"" + text + "\".");
        }
    }
}
