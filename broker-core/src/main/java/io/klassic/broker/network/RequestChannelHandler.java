package io.klassic.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves one connection's requests one at a time, in the order they arrived, as Kafka's processors do: while a
 * request is being handled, the frames that follow wait in a queue (reading pauses when it grows), so responses
 * leave in request order. Handling runs on the request-handler pool, never on the event loop. Each request's
 * stages are timed ({@link RequestTimes}) and recorded in the {@link RequestChannelMetrics} once its response is
 * written to the socket (or at once when none is due). One instance per channel; its state is touched only on the
 * channel's event loop.
 */
public final class RequestChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestChannelHandler.class);
    private static final int MAX_QUEUED = 16;

    private final RequestDispatcher dispatcher;
    private final Executor requestPool;
    private final String listenerName;
    private final RequestChannelMetrics metrics;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean closed;
    private boolean disconnected;

    public RequestChannelHandler(RequestDispatcher dispatcher, Executor requestPool, String listenerName, RequestChannelMetrics metrics) {
        this.dispatcher = dispatcher;
        this.requestPool = requestPool;
        this.listenerName = listenerName;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        queue.add((ByteBuf) msg);
        if (queue.size() >= MAX_QUEUED) {
            ctx.channel().config().setAutoRead(false);
        }
        maybeProcessNext(ctx);
    }

    private void maybeProcessNext(ChannelHandlerContext ctx) {
        if (busy || closed || queue.isEmpty()) {
            return;
        }
        ByteBuf frame = queue.poll();
        if (queue.size() < MAX_QUEUED / 2 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
        busy = true;
        RequestTimes times = new RequestTimes(System.nanoTime(), frame.readableBytes());
        try {
            requestPool.execute(() -> {
                times.dequeueNanos = System.nanoTime();
                dispatcher.dispatch(frame, ctx.channel().remoteAddress(), listenerName, ctx.alloc(), times)
                        .whenComplete((outcome, error) -> {
                            times.responseCompleteNanos = System.nanoTime();
                            ctx.executor().execute(() -> complete(ctx, frame, outcome, error, times));
                        });
            });
        } catch (RejectedExecutionException e) {
            frame.release();
            closeConnection(ctx, "the broker is shutting down");
        }
    }

    private void complete(ChannelHandlerContext ctx, ByteBuf frame, RequestDispatcher.Outcome outcome, Throwable error, RequestTimes times) {
        times.responseDequeueNanos = System.nanoTime();
        frame.release();
        busy = false;
        if (error != null) {
            closeConnection(ctx, "unexpected error: " + error);
            return;
        }
        if (outcome instanceof RequestDispatcher.Close close) {
            metrics.record(times, times.responseDequeueNanos);
            closeConnection(ctx, close.reason());
            return;
        }
        if (outcome instanceof RequestDispatcher.Respond respond) {
            List<Object> parts = respond.parts();
            if (closed || disconnected) {
                parts.forEach(ReferenceCountUtil::release);
                return;
            }
            if (parts.isEmpty()) {
                metrics.record(times, times.responseDequeueNanos);
            } else {
                for (int i = 0; i < parts.size() - 1; i++) {
                    ctx.write(parts.get(i));
                }
                ctx.write(parts.get(parts.size() - 1)).addListener(written -> metrics.record(times, System.nanoTime()));
                ctx.flush();
            }
        } else {
            metrics.record(times, times.responseDequeueNanos);
        }
        maybeProcessNext(ctx);
    }

    private void closeConnection(ChannelHandlerContext ctx, String reason) {
        if (!closed) {
            log.info("Closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
        }
        closed = true;
        releaseQueued();
        ctx.close();
    }

    private void releaseQueued() {
        ByteBuf frame;
        while ((frame = queue.poll()) != null) {
            frame.release();
        }
    }

    /**
     * The client went away. Requests it sent before closing are still served (an acks=0 producer closes right after
     * writing its last batch, and that batch must not be lost); only their responses are dropped.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disconnected = true;
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        closeConnection(ctx, cause.toString());
    }
}
