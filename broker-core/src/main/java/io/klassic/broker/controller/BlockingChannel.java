package io.klassic.broker.controller;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.RequestHeader;
import io.klassic.protocol.types.ByteBufferWritable;
import io.klassic.protocol.types.ByteUtils;
import io.klassic.protocol.types.SchemaException;
import io.klassic.protocol.types.Struct;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * A blocking request/response connection to one broker, for the inter-broker requests the controller sends and
 * for a broker's ControlledShutdown request to the controller. One request at a time:
 * <pre>
 *   request:  int32 size | request header (v1, or v2 when the API version is flexible) | body
 *   response: int32 size | int32 correlation id | tagged fields (flexible versions) | body
 * </pre>
 * A response whose correlation id does not match, or any I/O error, closes the socket; the caller reconnects.
 * Not thread-safe: one sender thread owns it.
 */
public final class BlockingChannel implements AutoCloseable {
    /** The largest response accepted: a corrupt size must not make us allocate gigabytes. */
    private static final int MAX_RESPONSE_BYTES = 100 * 1024 * 1024;

    private final String host;
    private final int port;
    private final int socketTimeoutMs;
    private final String clientId;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private int nextCorrelationId;

    public BlockingChannel(String host, int port, int socketTimeoutMs, String clientId) {
        this.host = host;
        this.port = port;
        this.socketTimeoutMs = socketTimeoutMs;
        this.clientId = clientId;
    }

    public String address() {
        return host + ":" + port;
    }

    public boolean isConnected() {
        return socket != null && socket.isConnected() && !socket.isClosed();
    }

    public void connect() throws IOException {
        if (isConnected()) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.setSoTimeout(socketTimeoutMs);
            s.connect(new InetSocketAddress(host, port), socketTimeoutMs);
            in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            out = s.getOutputStream();
            socket = s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Sends a request and waits for its response, connecting first when needed. */
    public Struct sendAndReceive(ApiKeys api, short version, Struct body) throws IOException {
        connect();
        int correlationId = nextCorrelationId++;
        try {
            boolean flexibleHeader = api.requestHeaderVersion(version) >= 2;
            RequestHeader header = new RequestHeader(api.id(), version, correlationId, clientId);
            int size = header.sizeOf(flexibleHeader) + api.request().sizeOf(body, version);
            ByteBuffer buffer = ByteBuffer.allocate(4 + size);
            buffer.putInt(size);
            ByteBufferWritable writable = new ByteBufferWritable(buffer);
            header.write(writable, flexibleHeader);
            api.request().write(body, version, writable);
            out.write(buffer.array(), 0, buffer.position());
            out.flush();

            int responseSize = in.readInt();
            if (responseSize < 4 || responseSize > MAX_RESPONSE_BYTES) {
                throw new IOException("Invalid response size " + responseSize + " from " + address());
            }
            byte[] bytes = new byte[responseSize];
            in.readFully(bytes);
            ByteBuffer response = ByteBuffer.wrap(bytes);
            int responseCorrelationId = response.getInt();
            if (responseCorrelationId != correlationId) {
                throw new IOException("Correlation id " + responseCorrelationId + " of the " + api.apiName() + " response from "
                        + address() + " does not match the request's " + correlationId);
            }
            if (api.responseHeaderVersion(version) >= 1) {
                int tags = ByteUtils.readUnsignedVarint(response);
                for (int i = 0; i < tags; i++) {
                    ByteUtils.readUnsignedVarint(response);
                    int length = ByteUtils.readUnsignedVarint(response);
                    response.position(response.position() + length);
                }
            }
            return api.response().read(response, version);
        } catch (IOException | RuntimeException e) {
            close();
            if (e instanceof SchemaException || e instanceof java.nio.BufferUnderflowException) {
                throw new IOException("Malformed " + api.apiName() + " response from " + address() + ": " + e.getMessage(), e);
            }
            if (e instanceof EOFException) {
                throw new IOException("Connection to " + address() + " closed while waiting for a " + api.apiName() + " response", e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
        }
    }
}
