package io.klassic.broker.network;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A region of a segment file sent to a socket with {@link FileChannel#transferTo} (sendfile): the zero-copy path
 * of fetch responses. Unlike Netty's DefaultFileRegion it never closes the file channel, which belongs to the
 * log segment. Used by one channel's writes; not thread-safe.
 */
final class FileRecordsRegion extends AbstractReferenceCounted implements FileRegion {
    private final FileChannel channel;
    private final long position;
    private final long count;
    private long transferred;

    FileRecordsRegion(FileChannel channel, long position, long count) {
        this.channel = channel;
        this.position = position;
        this.count = count;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long transferTo(WritableByteChannel target, long offset) throws IOException {
        long remaining = count - offset;
        if (remaining <= 0) {
            return 0L;
        }
        long written = channel.transferTo(position + offset, remaining, target);
        if (written > 0) {
            transferred += written;
        } else if (written == 0 && position + offset >= channel.size()) {
            throw new IOException("Segment file was truncated while being sent: expected " + remaining + " more bytes");
        }
        return written;
    }

    @Override
    protected void deallocate() {
        // The file channel belongs to the log segment: nothing to release here.
    }

    @Override
    public FileRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileRegion touch() {
        return this;
    }

    @Override
    public FileRegion touch(Object hint) {
        return this;
    }
}
