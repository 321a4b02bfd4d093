package io.klassic.zk;

/**
 * A znode's decoded value together with the znode's data version ({@code Stat.getVersion()}), which a
 * later conditional write ({@code setData().withVersion(zkVersion)}) must name.
 *
 * <p>Immutable and thread-safe if the value is.
 *
 * @param value     the decoded payload
 * @param zkVersion the znode's data version when it was read
 */
public record Versioned<T>(T value, int zkVersion) {
}
