package io.klassic.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port that forwards each connection to {@code 127.0.0.1:<targetPort>}, so that a test
 * can cut one process off from a server (a broker from ZooKeeper) while every other path stays up.
 *
 * <p>{@link #cut()} closes every forwarded connection and black-holes new ones: they are accepted (as a SYN through a
 * partition may be answered by nobody, the client learns nothing), their bytes are read and dropped, nothing reaches
 * the target and nothing is answered, so the client times out as it would behind a dropped link. {@link #heal()}
 * closes the black-holed connections (so that clients retry at once) and forwards new connections again.
 *
 * <p>Each connection uses two daemon threads (one per direction). Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {
    private final String name;
    private final int targetPort;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> forwarded = ConcurrentHashMap.newKeySet();
    private final Set<Socket> blackHoled = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean cut;
    private volatile boolean closed;

    /** Starts listening at once on a free loopback port. */
    public TcpProxy(String name, int targetPort) {
        this.name = name;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open a port for the proxy " + name, e);
        }
        this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    public boolean isCut() {
        return cut;
    }

    /** Connections accepted so far, forwarded or black-holed. */
    public int connectionsAccepted() {
        return connections.get();
    }

    /** Closes every forwarded connection; later connections are black-holed until {@link #heal()}. */
    public void cut() {
        cut = true;
        closeAll(forwarded);
        log("cut: connections closed, new ones black-holed");
    }

    /** Drops the black-holed connections and forwards new connections again. */
    public void heal() {
        cut = false;
        closeAll(blackHoled);
        log("healed: forwarding new connections");
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        closeAll(forwarded);
        closeAll(blackHoled);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log("accept failed: " + e);
                }
                return;
            }
            connections.incrementAndGet();
            if (cut) {
                blackHole(client);
            } else {
                forward(client);
            }
        }
    }

    private void blackHole(Socket client) {
        blackHoled.add(client);
        daemon("black-hole", () -> {
            try (Socket c = client) {
                drain(c.getInputStream());
            } catch (IOException e) {
                // closed by heal() or close(), or by the client
            } finally {
                blackHoled.remove(client);
            }
        });
        // A heal() that ran between the check in acceptLoop and the add above must not leave it hanging.
        if (!cut || closed) {
            closeQuietly(client);
        }
    }

    private void forward(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            // The target is down (ZooKeeper killed): the client sees its connection closed, as it would without a proxy.
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        forwarded.add(client);
        forwarded.add(upstream);
        Runnable closeBoth = () -> {
            closeQuietly(client);
            closeQuietly(upstream);
            forwarded.remove(client);
            forwarded.remove(upstream);
        };
        daemon("up", () -> pump(client, upstream, closeBoth));
        daemon("down", () -> pump(upstream, client, closeBoth));
        // A cut() that ran between the check in acceptLoop and the adds above must still close this connection.
        if (cut || closed) {
            closeBoth.run();
        }
    }

    private static void pump(Socket from, Socket to, Runnable closeBoth) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed or reset
        } finally {
            closeBoth.run();
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // dropped
        }
    }

    private void daemon(String role, Runnable body) {
        Thread thread = new Thread(body, "tcp-proxy-" + name + "-" + role);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeAll(Set<Socket> sockets) {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private void log(String message) {
        System.out.println("[TcpProxy " + name + " :" + port() + " -> :" + targetPort + "] " + message);
    }
}
