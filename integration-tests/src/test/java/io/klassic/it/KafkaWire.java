package io.klassic.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Hand-built Kafka requests over a raw socket, for tests that must send what no client library would.
 * Wire format (big-endian): a frame is {@code int32 size} then that many bytes; request header v1 is
 * {@code int16 api_key, int16 api_version, int32 correlation_id, string client_id (int16 length)}; header
 * v2 adds tagged fields (one byte 0x00 when empty); response header v0 is {@code int32 correlation_id}.
 *
 * <p>The builder is not thread-safe; the static helpers are.
 */
public final class KafkaWire {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    public static KafkaWire bytes() {
        return new KafkaWire();
    }

    public KafkaWire int8(int value) {
        return write(() -> out.writeByte(value));
    }

    public KafkaWire int16(int value) {
        return write(() -> out.writeShort(value));
    }

    public KafkaWire int32(int value) {
        return write(() -> out.writeInt(value));
    }

    public KafkaWire int64(long value) {
        return write(() -> out.writeLong(value));
    }

    public KafkaWire raw(byte[] value) {
        return write(() -> out.write(value));
    }

    /** STRING / NULLABLE_STRING: int16 length (-1 = null), UTF-8 bytes. */
    public KafkaWire string(String value) {
        if (value == null) {
            return int16(-1);
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return int16(utf8.length).raw(utf8);
    }

    /** BYTES / RECORDS: int32 length, bytes. */
    public KafkaWire sizedBytes(byte[] value) {
        return int32(value.length).raw(value);
    }

    /** Unsigned varint (flexible versions' lengths and tag counts). */
    public KafkaWire uvarint(int value) {
        int v = value;
        while ((v & 0xFFFFFF80) != 0) {
            int8((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        return int8(v);
    }

    /** COMPACT_STRING: uvarint (length + 1), UTF-8 bytes. */
    public KafkaWire compactString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return uvarint(utf8.length + 1).raw(utf8);
    }

    /** Request header v1. */
    public KafkaWire headerV1(int apiKey, int apiVersion, int correlationId, String clientId) {
        return int16(apiKey).int16(apiVersion).int32(correlationId).string(clientId);
    }

    /** Request header v2: v1 plus empty tagged fields. */
    public KafkaWire headerV2(int apiKey, int apiVersion, int correlationId, String clientId) {
        return headerV1(apiKey, apiVersion, correlationId, clientId).uvarint(0);
    }

    /** The bytes so far. */
    public byte[] build() {
        return bytes.toByteArray();
    }

    /** The bytes so far behind their int32 size: a frame. */
    public byte[] frame() {
        byte[] body = build();
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private KafkaWire write(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** A connection with a read timeout, so that a broker that says nothing fails the test. */
    public static Socket connect(int port, Duration readTimeout) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            throw new AssertionError("Could not connect to 127.0.0.1:" + port + ": " + e, e);
        }
    }

    /** Writes a request and reads the next response frame (without its size). */
    public static ByteBuffer exchange(Socket socket, byte[] frame) {
        try {
            socket.getOutputStream().write(frame);
            socket.getOutputStream().flush();
            return readFrame(socket);
        } catch (IOException e) {
            throw new AssertionError("Request/response on " + socket + " failed: " + e, e);
        }
    }

    /** Reads one response frame; fails if the connection closes or stays silent. */
    public static ByteBuffer readFrame(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int size = in.readInt();
        if (size < 0 || size > 64 * 1024 * 1024) {
            throw new AssertionError("response frame size " + size);
        }
        byte[] body = new byte[size];
        in.readFully(body);
        return ByteBuffer.wrap(body);
    }

    /** True when the peer closed the connection (EOF or reset) before the socket's read timeout. */
    public static boolean closedByPeer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
                // Bytes before the close (an error response) are allowed; keep reading until EOF.
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException e) {
            return true;
        } catch (SocketException e) {
            return true; // connection reset by the peer
        } catch (IOException e) {
            throw new AssertionError("Reading from " + socket + " failed: " + e, e);
        }
    }

    /** ApiVersions v0 request frame. */
    public static byte[] apiVersionsV0(int correlationId) {
        return bytes().headerV1(18, 0, correlationId, "klassic-it").frame();
    }

    /**
     * Parses an ApiVersions v0 response ({@code int32 correlation_id, int16 error_code, [int16 api_key,
     * int16 min_version, int16 max_version]}); fails on a wrong correlation id or an error.
     * Returns api key -> {min, max}.
     */
    public static Map<Integer, int[]> parseApiVersionsV0(ByteBuffer response, int correlationId) {
        int correlation = response.getInt();
        if (correlation != correlationId) {
            throw new AssertionError("ApiVersions answered with correlation id " + correlation + ", sent "
                    + correlationId);
        }
        short error = response.getShort();
        if (error != 0) {
            throw new AssertionError("ApiVersions v0 answered error code " + error);
        }
        int count = response.getInt();
        Map<Integer, int[]> versions = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int key = response.getShort();
            versions.put(key, new int[] {response.getShort(), response.getShort()});
        }
        return versions;
    }
}
