package io.klassic.log;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The cleaner's key → last offset map, in a fixed block of memory ({@code log.cleaner.dedupe.buffer.size} divided
 * among the cleaner threads). Keys are not stored: each slot holds the 16-byte MD5 digest of a key followed by the
 * 8-byte offset (24 bytes a slot); open addressing with linear probing from a position taken from the digest.
 * Two keys with the same digest would share a slot (a chance of about 2^-64 per pair, accepted as in Kafka).
 * {@link #latestOffset()} is the last offset the map covers, set by the cleaner as it reads batches.
 *
 * <p>Thread safety: not thread-safe; each cleaner thread owns one.
 */
final class SkimpyOffsetMap {
    static final int HASH_SIZE = 16;
    static final int BYTES_PER_ENTRY = HASH_SIZE + 8;

    private final ByteBuffer bytes;
    private final int slots;
    private final MessageDigest digest;
    private final byte[] hash = new byte[HASH_SIZE];
    private final byte[] probe = new byte[HASH_SIZE];
    private int entries;
    private long latestOffset = -1L;

    /** A map in {@code memory} bytes (at least one slot). */
    SkimpyOffsetMap(int memory) {
        if (memory < BYTES_PER_ENTRY) {
            throw new IllegalArgumentException("The offset map needs at least " + BYTES_PER_ENTRY
                + " bytes, not " + memory + ".");
        }
        this.slots = memory / BYTES_PER_ENTRY;
        this.bytes = ByteBuffer.allocate(slots * BYTES_PER_ENTRY);
        try {
            this.digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM offers no MD5 digest.", e);
        }
    }

    /** The number of slots. */
    int slots() {
        return slots;
    }

    /** The number of keys held. */
    int size() {
        return entries;
    }

    /** Fraction of slots in use. */
    double utilization() {
        return (double) entries / slots;
    }

    /** Puts {@code key} (position to limit, not moved) → {@code offset}, replacing an earlier offset of the key. */
    void put(ByteBuffer key, long offset) {
        if (entries >= slots) {
            throw new IllegalStateException("Attempt to add a new entry to a full offset map of " + slots
                + " slots.");
        }
        hashInto(key, hash);
        int attempt = 0;
        int position = positionOf(hash, attempt);
        while (!isEmpty(position)) {
            bytes.get(position, probe);
            if (Arrays.equals(probe, hash)) {
                bytes.putLong(position + HASH_SIZE, offset);
                latestOffset = Math.max(latestOffset, offset);
                return;
            }
            attempt++;
            position = positionOf(hash, attempt);
        }
        bytes.put(position, hash);
        bytes.putLong(position + HASH_SIZE, offset);
        entries++;
        latestOffset = Math.max(latestOffset, offset);
    }

    /** The offset stored for {@code key}, or -1. */
    long get(ByteBuffer key) {
        hashInto(key, hash);
        int attempt = 0;
        int position = positionOf(hash, attempt);
        while (!isEmpty(position)) {
            bytes.get(position, probe);
            if (Arrays.equals(probe, hash)) {
                return bytes.getLong(position + HASH_SIZE);
            }
            attempt++;
            if (attempt >= slots) {
                return -1L;
            }
            position = positionOf(hash, attempt);
        }
        return -1L;
    }

    /** Empties the map (latest offset back to -1). */
    void clear() {
        Arrays.fill(bytes.array(), (byte) 0);
        entries = 0;
        latestOffset = -1L;
    }

    /** The last offset the map covers. */
    long latestOffset() {
        return latestOffset;
    }

    /** Sets the last offset the map covers (the cleaner advances it batch by batch, past keyless records too). */
    void updateLatestOffset(long offset) {
        latestOffset = offset;
    }

    private boolean isEmpty(int position) {
        // An all-zero slot is empty; a real digest of all zeros is as likely as any other collision.
        return bytes.getLong(position) == 0 && bytes.getLong(position + 8) == 0 && bytes.getLong(position + 16) == 0;
    }

    private int positionOf(byte[] digestBytes, int attempt) {
        int start = ((digestBytes[0] & 0xff) << 24 | (digestBytes[1] & 0xff) << 16 | (digestBytes[2] & 0xff) << 8
            | (digestBytes[3] & 0xff)) & 0x7fffffff;
        return (int) ((start + (long) attempt) % slots) * BYTES_PER_ENTRY;
    }

    private void hashInto(ByteBuffer key, byte[] out) {
        digest.update(key.duplicate());
        try {
            digest.digest(out, 0, HASH_SIZE);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("MD5 digest failed.", e);
        }
    }
}
