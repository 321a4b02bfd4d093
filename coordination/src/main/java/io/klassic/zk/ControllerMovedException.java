package io.klassic.zk;

/**
 * A controller write was refused because {@code /controller_epoch} no longer has the znode version the writer was
 * elected with: another broker has become controller since, and this one must resign without writing anything.
 *
 * <p>Immutable and thread-safe.
 */
public final class ControllerMovedException extends ZkException {

    public ControllerMovedException(String message, String path) {
        super(message, path);
    }
}
