package io.klassic.protocol;

import io.klassic.protocol.types.ByteUtils;
import io.klassic.protocol.types.SchemaException;
import io.klassic.protocol.types.Writable;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The header that starts every request frame (after the int32 size).
 * <pre>
 * v1: int16 api_key | int16 api_version | int32 correlation_id | int16 client_id length (-1 = null) + UTF-8
 * v2: v1 + tagged fields (uvarint count, then tag/size/bytes); client_id keeps its int16 length
 * </pre>
 * Version 2 is used exactly when the request's API version is flexible. Immutable and thread-safe.
 */
public record RequestHeader(short apiKey, short apiVersion, int correlationId, String clientId) {

    /** Reads the fixed part (api key, version, correlation id), which is the same in every header version. */
    public static RequestHeader readPrefix(ByteBuffer buffer) {
        return new RequestHeader(buffer.getShort(), buffer.getShort(), buffer.getInt(), null);
    }

    /** Reads the rest of the header after {@link #readPrefix}: the client id and, for v2, the tagged fields. */
    public RequestHeader readRest(ByteBuffer buffer, boolean flexible) {
        try {
            short length = buffer.getShort();
            String client = null;
            if (length >= 0) {
                byte[] bytes = new byte[length];
                buffer.get(bytes);
                client = new String(bytes, StandardCharsets.UTF_8);
            } else if (length != -1) {
                throw new SchemaException("Invalid client id length " + length);
            }
            if (flexible) {
                int count = ByteUtils.readUnsignedVarint(buffer);
                for (int i = 0; i < count; i++) {
                    ByteUtils.readUnsignedVarint(buffer);
                    int size = ByteUtils.readUnsignedVarint(buffer);
                    buffer.position(buffer.position() + size);
                }
            }
            return new RequestHeader(apiKey, apiVersion, correlationId, client);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SchemaException("Malformed request header", e);
        }
    }

    public int sizeOf(boolean flexible) {
        int size = 2 + 2 + 4 + 2 + (clientId == null ? 0 : clientId.getBytes(StandardCharsets.UTF_8).length);
        return flexible ? size + 1 : size;
    }

    public void write(Writable out, boolean flexible) {
        out.writeShort(apiKey);
        out.writeShort(apiVersion);
        out.writeInt(correlationId);
        if (clientId == null) {
            out.writeShort((short) -1);
        } else {
            byte[] bytes = clientId.getBytes(StandardCharsets.UTF_8);
            out.writeShort((short) bytes.length);
            out.writeBytes(bytes);
        }
        if (flexible) {
            out.writeUnsignedVarint(0);
        }
    }
}
