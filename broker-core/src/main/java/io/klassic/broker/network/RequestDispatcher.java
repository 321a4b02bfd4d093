package io.klassic.broker.network;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.RequestHeader;
import io.klassic.protocol.ResponseHeader;
import io.klassic.protocol.types.MessageSpec;
import io.klassic.protocol.types.SchemaException;
import io.klassic.protocol.types.Struct;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a request frame into a response: reads the header, finds the API's handler, checks the version, decodes
 * the body with the API's schema, runs the handler and encodes its answer. Frames it cannot serve get the
 * answer Kafka gives: an ApiVersions request above our version gets a v0 UNSUPPORTED_VERSION answer; an
 * unknown API key, an unadvertised version or a body that does not parse closes the connection. Thread-safe.
 */
public final class RequestDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    /** What the connection must do after a request. */
    public sealed interface Outcome permits Respond, NoResponse, Close {
    }

    public record Respond(List<Object> parts) implements Outcome {
    }

    public record NoResponse() implements Outcome {
    }

    public record Close(String reason) implements Outcome {
    }

    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);

    public void register(ApiHandler handler) {
        handlers.put(handler.api(), handler);
    }

    /** The APIs served, for ApiVersions: only what is implemented is advertised. */
    public Map<ApiKeys, ApiHandler> handlers() {
        return handlers;
    }

    public short maxVersion(ApiKeys api) {
        ApiHandler handler = handlers.get(api);
        return handler == null ? -1 : handler.maxVersion();
    }

    /** Serves one frame; the frame stays owned by the caller, which releases it when the future completes. */
    public CompletableFuture<Outcome> dispatch(ByteBuf frame, SocketAddress client, String listenerName, ByteBufAllocator allocator) {
        return dispatch(frame, client, listenerName, allocator, new RequestTimes(System.nanoTime(), frame.readableBytes()));
    }

    /**
     * Serves one frame, noting in {@code times} what the request is, when its handler returned and its response body
     * (for {@link RequestChannelMetrics}).
     */
    public CompletableFuture<Outcome> dispatch(ByteBuf frame, SocketAddress client, String listenerName, ByteBufAllocator allocator,
                                               RequestTimes times) {
        ByteBuffer buffer = frame.nioBuffer();
        if (buffer.remaining() < 10) {
            return CompletableFuture.completedFuture(new Close("request of " + buffer.remaining() + " bytes is too short for a header"));
        }
        RequestHeader prefix = RequestHeader.readPrefix(buffer);
        ApiKeys api = ApiKeys.forId(prefix.apiKey());
        ApiHandler handler = api == null ? null : handlers.get(api);
        if (handler == null) {
            return CompletableFuture.completedFuture(new Close("unknown or unsupported API key " + prefix.apiKey()));
        }
        short version = prefix.apiVersion();
        if (version < handler.minVersion() || version > handler.maxVersion()) {
            if (api == ApiKeys.API_VERSIONS) {
                return CompletableFuture.completedFuture(new Respond(List.of(unsupportedApiVersions(prefix.correlationId(), handler.maxVersion(), allocator))));
            }
            return CompletableFuture.completedFuture(new Close(api.apiName() + " version " + version + " is not supported (supported: "
                    + handler.minVersion() + "-" + handler.maxVersion() + ")"));
        }
        RequestHeader header;
        Struct body;
        try {
            header = prefix.readRest(buffer, api.requestHeaderVersion(version) >= 2);
            body = api.request().read(buffer, version);
        } catch (SchemaException e) {
            return CompletableFuture.completedFuture(new Close("malformed " + api.apiName() + " v" + version + " request: " + e.getMessage()));
        }
        RequestContext context = new RequestContext(header, api, client, listenerName);
        times.api = api;
        times.version = version;
        times.fromFollower = api == ApiKeys.FETCH && body.getInt("ReplicaId") >= 0;
        CompletableFuture<Struct> response;
        try {
            response = handler.handle(context, body);
        } catch (CloseConnectionException e) {
            times.apiLocalCompleteNanos = System.nanoTime();
            return CompletableFuture.completedFuture(new Close(e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Error handling {} v{} request from {} ({}): {}", api.apiName(), version, client, context.clientId(), e.toString(), e);
            response = CompletableFuture.failedFuture(e);
        }
        times.apiLocalCompleteNanos = System.nanoTime();
        return response.handle((struct, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CloseConnectionException) {
                return new Close(cause.getMessage());
            }
            if (error != null) {
                log.error("Error handling {} v{} request from {}", api.apiName(), version, client, error);
                Struct errorBody = handler.errorResponse(context, body, Errors.UNKNOWN_SERVER_ERROR.code());
                if (errorBody == null) {
                    return new Close("error handling " + api.apiName() + ": " + error);
                }
                struct = errorBody;
            }
            if (struct == null) {
                return new NoResponse();
            }
            times.response = struct;
            return new Respond(encode(api, version, header.correlationId(), struct, allocator));
        });
    }

    static List<Object> encode(ApiKeys api, short version, int correlationId, Struct body, ByteBufAllocator allocator) {
        MessageSpec spec = api.response();
        boolean flexibleHeader = api.responseHeaderVersion(version) >= 1;
        int size = ResponseHeader.sizeOf(flexibleHeader) + spec.sizeOf(body, version);
        ResponseWriter writer = new ResponseWriter(allocator, 4 + Math.min(size, 64 * 1024));
        try {
            writer.writeInt(size);
            ResponseHeader.write(writer, correlationId, flexibleHeader);
            spec.write(body, version, writer);
            return writer.finish();
        } catch (RuntimeException e) {
            writer.releaseAll();
            throw e;
        }
    }

    /**
     * The answer to an ApiVersions request above our version, in the v0 format every client can read:
     * {@code size=16 | correlation | int16 35 | int32 1 | int16 18 | int16 0 | int16 max}.
     */
    private static ByteBuf unsupportedApiVersions(int correlationId, short maxVersion, ByteBufAllocator allocator) {
        ByteBuf buf = allocator.buffer(20);
        buf.writeInt(16);
        buf.writeInt(correlationId);
        buf.writeShort(Errors.UNSUPPORTED_VERSION.code());
        buf.writeInt(1);
        buf.writeShort(ApiKeys.API_VERSIONS.id());
        buf.writeShort(0);
        buf.writeShort(maxVersion);
        return buf;
    }
}
