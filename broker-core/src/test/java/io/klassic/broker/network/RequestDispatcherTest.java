package io.klassic.broker.network;

import io.klassic.broker.handlers.ApiVersionsHandler;
import io.klassic.protocol.ApiKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The dispatcher against kafka-clients' own serialization of requests and parsing of responses. */
class RequestDispatcherTest {
    private final RequestDispatcher dispatcher = new RequestDispatcher();

    RequestDispatcherTest() {
        dispatcher.register(new ApiVersionsHandler(dispatcher));
    }

    private RequestDispatcher.Outcome dispatch(ByteBuffer frame) {
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        try {
            return dispatcher.dispatch(buf, new InetSocketAddress("127.0.0.1", 1), "PLAINTEXT", ByteBufAllocator.DEFAULT).join();
        } finally {
            buf.release();
        }
    }

    private static ByteBuffer responseBytes(RequestDispatcher.Outcome outcome) {
        RequestDispatcher.Respond respond = assertInstanceOf(RequestDispatcher.Respond.class, outcome);
        List<Object> parts = respond.parts();
        assertEquals(1, parts.size());
        ByteBuf buf = (ByteBuf) parts.get(0);
        try {
            ByteBuffer copy = ByteBuffer.allocate(buf.readableBytes());
            buf.readBytes(copy);
            copy.flip();
            int size = copy.getInt();
            assertEquals(copy.remaining(), size);
            return copy;
        } finally {
            buf.release();
        }
    }

    @Test
    void apiVersionsAtEveryVersionParsesWithKafkaClients() {
        for (short version = 0; version <= 3; version++) {
            ApiVersionsRequest request = new ApiVersionsRequest.Builder(new ApiVersionsRequestData()
                    .setClientSoftwareName("test").setClientSoftwareVersion("1.0"), version, version).build(version);
            RequestHeader header = new RequestHeader(org.apache.kafka.common.protocol.ApiKeys.API_VERSIONS, version, "client", 42);
            ByteBuffer frame = request.serializeWithHeader(header);
            ByteBuffer response = responseBytes(dispatch(frame));
            ResponseHeader responseHeader = ResponseHeader.parse(response, (short) 0);
            assertEquals(42, responseHeader.correlationId());
            ApiVersionsResponse parsed = ApiVersionsResponse.parse(response, version);
            assertEquals(0, parsed.data().errorCode());
            assertNotNull(parsed.data().apiKeys().find(ApiKeys.API_VERSIONS.id()));
            assertEquals(3, parsed.data().apiKeys().find(ApiKeys.API_VERSIONS.id()).maxVersion());
        }
    }

    @Test
    void apiVersionsAboveOurVersionGetsTheV0Downgrade() {
        ByteBuffer frame = ByteBuffer.allocate(12);
        frame.putShort((short) 18).putShort((short) 99).putInt(7).putShort((short) -1).flip();
        ByteBuffer response = responseBytes(dispatch(frame));
        assertEquals(16, response.remaining());
        assertEquals(7, response.getInt());
        assertEquals(35, response.getShort());
        assertEquals(1, response.getInt());
        assertEquals(18, response.getShort());
        assertEquals(0, response.getShort());
        assertEquals(3, response.getShort());
    }

    @Test
    void unknownApiKeyClosesTheConnection() {
        ByteBuffer frame = ByteBuffer.allocate(12);
        frame.putShort((short) 999).putShort((short) 0).putInt(7).putShort((short) -1).flip();
        assertInstanceOf(RequestDispatcher.Close.class, dispatch(frame));
    }

    @Test
    void truncatedBodyClosesTheConnection() {
        ByteBuffer frame = ByteBuffer.allocate(12);
        // ApiVersions v3 is flexible: the header needs its tagged-field byte and the body its strings.
        frame.putShort((short) 18).putShort((short) 3).putInt(7).putShort((short) -1).flip();
        assertInstanceOf(RequestDispatcher.Close.class, dispatch(frame));
    }

    @Test
    void tooShortFrameClosesTheConnection() {
        assertInstanceOf(RequestDispatcher.Close.class, dispatch(ByteBuffer.wrap(new byte[] {0, 18, 0})));
    }
}
