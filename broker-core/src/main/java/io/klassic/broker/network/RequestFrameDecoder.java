package io.klassic.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Splits the byte stream of a connection into request frames: {@code int32 size | size bytes}. A negative size,
 * or one above {@code socket.request.max.bytes}, closes this connection (and only it), as Kafka does; the
 * frame handed on is a retained slice without the size prefix. One instance per channel; not thread-safe.
 */
public final class RequestFrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(RequestFrameDecoder.class);
    private final int maxRequestSize;

    public RequestFrameDecoder(int maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxRequestSize) {
            log.warn("Closing connection from {}: request size {} is {} (socket.request.max.bytes={})",
                    ctx.channel().remoteAddress(), size, size < 0 ? "negative" : "larger than the limit", maxRequestSize);
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (in.readableBytes() < 4 + size) {
            return;
        }
        in.skipBytes(4);
        out.add(in.readRetainedSlice(size));
    }
}
