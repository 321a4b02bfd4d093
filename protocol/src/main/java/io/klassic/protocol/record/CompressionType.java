package io.klassic.protocol.record;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * The compression codecs of record batch v2 (attribute bits 0-2), with Kafka's ids and names. A compressed batch
 * compresses everything after its 61-byte header as one stream, in the codec's framing as Kafka writes it:
 * <ul>
 *   <li>gzip: RFC 1952 members ({@link GZIPOutputStream});</li>
 *   <li>snappy: xerial snappy-java's stream framing (8-byte magic "\x82SNAPPY\0", two int32 versions, then
 *       int32-length-prefixed blocks of up to 32 KiB), not the official snappy framing format;</li>
 *   <li>lz4: the standard LZ4 frame format (magic 0x184D2204, FLG with block independence, BD = 64 KiB blocks,
 *       correct header checksum, no content checksum, end mark 0);</li>
 *   <li>zstd: standard zstd frames.</li>
 * </ul>
 * Streams returned by {@link #wrapForOutput} must be closed to write the trailing frame; closing them closes the
 * wrapped stream. Immutable and thread-safe (each call returns a new, not thread-safe, stream).
 */
public enum CompressionType {
    NONE(0, "none") {
        @Override
        public InputStream wrapForInput(ByteBuffer compressed) {
            return new ByteBufferInputStream(compressed);
        }

        @Override
        public OutputStream wrapForOutput(OutputStream out) {
            return out;
        }
    },
    GZIP(1, "gzip") {
        @Override
        public InputStream wrapForInput(ByteBuffer compressed) {
            try {
                return new BufferedInputStream(new GZIPInputStream(new ByteBufferInputStream(compressed), 8 * 1024),
                    16 * 1024);
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        @Override
        public OutputStream wrapForOutput(OutputStream out) {
            try {
                return new BufferedOutputStream(new GZIPOutputStream(out, 8 * 1024), 16 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start a gzip stream.", e);
            }
        }
    },
    SNAPPY(2, "snappy") {
        @Override
        public InputStream wrapForInput(ByteBuffer compressed) {
            try {
                return new SnappyInputStream(new ByteBufferInputStream(compressed));
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        @Override
        public OutputStream wrapForOutput(OutputStream out) {
            return new SnappyOutputStream(out);
        }
    },
    LZ4(3, "lz4") {
        @Override
        public InputStream wrapForInput(ByteBuffer compressed) {
            try {
                return new LZ4FrameInputStream(new ByteBufferInputStream(compressed),
                    LZ4Factory.fastestInstance().safeDecompressor(), XXHashFactory.fastestInstance().hash32());
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        @Override
        public OutputStream wrapForOutput(OutputStream out) {
            try {
                return new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1L,
                    LZ4Factory.fastestInstance().fastCompressor(), XXHashFactory.fastestInstance().hash32(),
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start an lz4 frame.", e);
            }
        }
    },
    ZSTD(4, "zstd") {
        @Override
        public InputStream wrapForInput(ByteBuffer compressed) {
            try {
                return new BufferedInputStream(
                    new ZstdInputStreamNoFinalizer(new ByteBufferInputStream(compressed), RecyclingBufferPool.INSTANCE),
                    16 * 1024);
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        @Override
        public OutputStream wrapForOutput(OutputStream out) {
            try {
                return new BufferedOutputStream(new ZstdOutputStreamNoFinalizer(out, RecyclingBufferPool.INSTANCE),
                    16 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start a zstd stream.", e);
            }
        }
    };

    private final int id;
    private final String altName;

    CompressionType(int id, String altName) {
        this.id = id;
        this.altName = altName;
    }

    /** The codec id stored in attribute bits 0-2. */
    public int id() {
        return id;
    }

    /** Kafka's lower-case name ("none", "gzip", "snappy", "lz4", "zstd"), as in {@code compression.type}. */
    public String altName() {
        return altName;
    }

    /**
     * A stream of the decompressed bytes between {@code compressed}'s position and limit (the buffer itself is not
     * moved).
     *
     * @throws CorruptRecordException when the data does not start with a valid header of this codec
     */
    public abstract InputStream wrapForInput(ByteBuffer compressed);

    /** A stream that compresses into {@code out}; close it to finish the frame (this also closes {@code out}). */
    public abstract OutputStream wrapForOutput(OutputStream out);

    public static CompressionType forId(int id) {
        for (CompressionType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown compression type id " + id
            + "; expected 0 (none), 1 (gzip), 2 (snappy), 3 (lz4) or 4 (zstd).");
    }

    public static CompressionType forName(String name) {
        for (CompressionType type : values()) {
            if (type.altName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown compression type name '" + name
            + "'; expected one of none, gzip, snappy, lz4, zstd.");
    }

    CorruptRecordException corrupt(IOException e) {
        return new CorruptRecordException("The " + altName + " compressed records of a record batch are corrupt: "
            + e.getMessage(), e);
    }
}
