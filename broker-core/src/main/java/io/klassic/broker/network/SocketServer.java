package io.klassic.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/**
 * The broker's Netty server for one listener. The pipeline of each connection, in order:
 * <ol>
 *   <li>{@link RequestFrameDecoder}: int32-size frames, closing the connection on a bad size;</li>
 *   <li>{@link RequestChannelHandler}: one request at a time, handled on the request pool, answered in order.</li>
 * </ol>
 * Responses are written as buffers and zero-copy file regions. Thread-safe start/stop.
 */
public final class SocketServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

    private final String listenerName;
    private final String host;
    private final int port;
    private final int maxRequestSize;
    private final int sendBufferBytes;
    private final int receiveBufferBytes;
    private final int networkThreads;
    private final RequestDispatcher dispatcher;
    private final ExecutorService requestPool;
    private final RequestChannelMetrics requestMetrics;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    public SocketServer(String listenerName, String host, int port, int maxRequestSize, int sendBufferBytes, int receiveBufferBytes,
                        int networkThreads, RequestDispatcher dispatcher, ExecutorService requestPool, RequestChannelMetrics requestMetrics) {
        this.listenerName = listenerName;
        this.host = host;
        this.port = port;
        this.maxRequestSize = maxRequestSize;
        this.sendBufferBytes = sendBufferBytes;
        this.receiveBufferBytes = receiveBufferBytes;
        this.networkThreads = networkThreads;
        this.dispatcher = dispatcher;
        this.requestPool = requestPool;
        this.requestMetrics = requestMetrics;
    }

    /** Binds the listener; returns the bound port (the real one when 0 was configured). */
    public synchronized int start() throws InterruptedException {
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("kafka-socket-acceptor"), NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(networkThreads, new DefaultThreadFactory("kafka-network-thread"), NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("frameDecoder", new RequestFrameDecoder(maxRequestSize))
                                .addLast("requestHandler", new RequestChannelHandler(dispatcher, requestPool, listenerName, requestMetrics));
                    }
                });
        if (sendBufferBytes > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, sendBufferBytes);
        }
        if (receiveBufferBytes > 0) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, receiveBufferBytes);
        }
        InetSocketAddress address = host == null || host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        serverChannel = bootstrap.bind(address).sync().channel();
        int bound = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("Awaiting socket connections on {}:{} for listener {}", host == null || host.isEmpty() ? "0.0.0.0" : host, bound, listenerName);
        return bound;
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup = null;
            workerGroup = null;
        }
    }
}
