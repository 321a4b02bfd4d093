package io.klassic.protocol;

import io.klassic.protocol.types.Writable;

/**
 * The header that starts every response frame (after the int32 size).
 * <pre>
 * v0: int32 correlation_id
 * v1: v0 + tagged fields (always empty here: one byte 0)
 * </pre>
 * Version 1 is used exactly when the API version is flexible, except for ApiVersions, whose response header
 * is always v0 (a client that does not know our versions must still read it). Stateless.
 */
public final class ResponseHeader {
    private ResponseHeader() {
    }

    public static int sizeOf(boolean flexibleHeader) {
        return flexibleHeader ? 5 : 4;
    }

    public static void write(Writable out, int correlationId, boolean flexibleHeader) {
        out.writeInt(correlationId);
        if (flexibleHeader) {
            out.writeUnsignedVarint(0);
        }
    }
}
