package io.klassic.protocol.messages;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.RequestHeader;
import io.klassic.protocol.ResponseHeader;
import io.klassic.protocol.types.ByteBufferWritable;
import io.klassic.protocol.types.MessageSpec;
import io.klassic.protocol.types.SchemaException;
import io.klassic.protocol.types.Struct;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tagged fields, nulls, malformed input and headers, checked against kafka-clients 3.9 where it applies. */
class MessageCodecTest {

    private static ByteBuffer encode(MessageSpec spec, Struct value, short version) {
        ByteBuffer buffer = ByteBuffer.allocate(spec.sizeOf(value, version));
        spec.write(value, version, new ByteBufferWritable(buffer));
        assertFalse(buffer.hasRemaining());
        return buffer.flip();
    }

    // ------------------------------------------------------------------ tagged fields

    @Test
    void taggedFieldsAtTheirDefaultsAreOmitted() {
        MessageSpec spec = ApiVersionsSchemas.RESPONSE;
        Struct response = spec.newStruct();
        // error code (2) + compact array of 0 elements (1) + throttle (4) + empty tagged-field section (1)
        assertEquals("0000" + "01" + "00000000" + "00", RoundTripTest.hex(encode(spec, response, (short) 3)));
        assertEquals(-1L, response.getLong("FinalizedFeaturesEpoch"));
    }

    @Test
    void taggedFieldsSetByUsAreReadByKafkaClients() {
        MessageSpec spec = ApiVersionsSchemas.RESPONSE;
        Struct response = spec.newStruct().set("ZkMigrationReady", true).set("FinalizedFeaturesEpoch", 42L);
        response.add("ApiKeys").set("ApiKey", 18).set("MinVersion", 0).set("MaxVersion", 3);
        ApiVersionsResponseData kafka = new ApiVersionsResponseData(new ByteBufferAccessor(encode(spec, response, (short) 3)), (short) 3);
        assertTrue(kafka.zkMigrationReady());
        assertEquals(42L, kafka.finalizedFeaturesEpoch());
        assertEquals(3, kafka.apiKeys().find((short) 18).maxVersion());
        assertTrue(kafka.supportedFeatures().isEmpty());
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        ApiVersionsResponseData kafka = new ApiVersionsResponseData().setErrorCode((short) 35).setFinalizedFeaturesEpoch(7L);
        kafka.unknownTaggedFields().add(new RawTaggedField(99, new byte[] {1, 2, 3}));
        kafka.unknownTaggedFields().add(new RawTaggedField(300, new byte[200]));
        ApiVersionsResponseData.ApiVersion key = new ApiVersionsResponseData.ApiVersion()
                .setApiKey((short) 3).setMinVersion((short) 0).setMaxVersion((short) 9);
        key.unknownTaggedFields().add(new RawTaggedField(5, new byte[] {9}));
        kafka.apiKeys().add(key);
        ByteBuffer bytes = KafkaOracle.serialize(kafka, (short) 3);

        Struct ours = ApiVersionsSchemas.RESPONSE.read(bytes, (short) 3);
        assertFalse(bytes.hasRemaining());
        assertEquals(35, ours.getShort("ErrorCode"));
        assertEquals(7L, ours.getLong("FinalizedFeaturesEpoch"));
        Struct api = ours.getStructs("ApiKeys").get(0);
        assertEquals(3, api.getShort("ApiKey"));
        assertEquals(9, api.getShort("MaxVersion"));
    }

    @Test
    void nullableTaggedStringIsWrittenOnlyWhenNotNull() {
        MessageSpec spec = FetchSchemas.REQUEST;
        Struct request = spec.newStruct();
        assertNull(request.getString("ClusterId"));
        int withoutClusterId = spec.sizeOf(request, (short) 12);
        request.set("ClusterId", "");
        // tag (1) + size (1) + compact string of length 0 (1)
        assertEquals(withoutClusterId + 3, spec.sizeOf(request, (short) 12));
        FetchRequestData kafka = new FetchRequestData(new ByteBufferAccessor(encode(spec, request, (short) 12)), (short) 12);
        assertEquals("", kafka.clusterId());
    }

    // ------------------------------------------------------------------ nulls

    @Test
    void nullArrayInClassicAndCompactVersions() {
        MessageSpec spec = MetadataSchemas.REQUEST;
        Struct request = spec.newStruct().set("Topics", null);
        assertEquals("ffffffff", RoundTripTest.hex(encode(spec, request, (short) 1)));
        MetadataRequestData v4 = new MetadataRequestData(new ByteBufferAccessor(encode(spec, request, (short) 4)), (short) 4);
        assertNull(v4.topics());
        // v9: compact array null (0), three booleans, empty tagged fields
        ByteBuffer v9 = encode(spec, request, (short) 9);
        assertEquals("00" + "010000" + "00", RoundTripTest.hex(v9));
        assertNull(spec.read(v9, (short) 9).get("Topics"));
        assertNull(new MetadataRequestData(new ByteBufferAccessor(v9.rewind()), (short) 9).topics());
    }

    @Test
    void nullInAVersionThatDoesNotAllowItIsRejected() {
        MessageSpec spec = MetadataSchemas.REQUEST;
        Struct request = spec.newStruct().set("Topics", null);
        SchemaException e = assertThrows(SchemaException.class, () -> spec.sizeOf(request, (short) 0));
        assertTrue(e.getMessage().contains("Topics"), e.getMessage());
        // int32 -1 where version 0 wants a non-null array
        assertThrows(SchemaException.class, () -> spec.read(ByteBuffer.wrap(new byte[] {-1, -1, -1, -1}), (short) 0));
    }

    @Test
    void nullStringInClassicAndCompactVersions() {
        MessageSpec spec = ProduceSchemas.REQUEST;
        Struct request = spec.newStruct().set("Acks", -1).set("TimeoutMs", 30000);
        assertNull(request.getString("TransactionalId"));
        assertEquals("ffff" + "ffff" + "00007530" + "00000000", RoundTripTest.hex(encode(spec, request, (short) 3)));
        assertEquals("00" + "ffff" + "00007530" + "01" + "00", RoundTripTest.hex(encode(spec, request, (short) 9)));
        ProduceRequestData kafka = new ProduceRequestData(new ByteBufferAccessor(encode(spec, request, (short) 9)), (short) 9);
        assertNull(kafka.transactionalId());
        assertEquals(-1, kafka.acks());
    }

    @Test
    void nonNullableStringWithNegativeLengthIsRejected() {
        // FindCoordinator v0: Key is a non-nullable string
        SchemaException e = assertThrows(SchemaException.class,
                () -> FindCoordinatorSchemas.REQUEST.read(ByteBuffer.wrap(new byte[] {-1, -1}), (short) 0));
        assertTrue(e.getMessage().contains("Key"), e.getMessage());
    }

    @Test
    void arrayCountBeyondTheBufferIsRejected() {
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {0x7f, -1, -1, -1, 0});
        assertThrows(SchemaException.class, () -> MetadataSchemas.REQUEST.read(bytes, (short) 1));
    }

    // ------------------------------------------------------------------ truncation

    @ParameterizedTest(name = "{1} v{2}")
    @MethodSource("io.klassic.protocol.messages.RoundTripTest#messages")
    void everyTruncationIsASchemaException(ApiKeys api, String name, short version) {
        MessageSpec spec = name.endsWith("Request") ? api.request() : api.response();
        for (int i = 0; i < 5; i++) {
            Struct value = new RandomStructs(31L * api.id() + 7L * version + i).message(spec, version);
            ByteBuffer bytes = encode(spec, value, version);
            for (int length = 0; length < bytes.limit(); length++) {
                ByteBuffer prefix = bytes.duplicate().limit(length);
                int cut = length;
                assertThrows(SchemaException.class, () -> spec.read(prefix, version),
                        () -> name + " v" + version + " cut at " + cut + " of " + bytes.limit() + " bytes");
            }
        }
    }

    // ------------------------------------------------------------------ headers

    @ParameterizedTest
    @ValueSource(strings = {"producer-1", "", "\u00e9\u6f22\ud83d\ude42", "<null>"})
    void requestHeaderMatchesKafkaClients(String client) {
        String clientId = client.equals("<null>") ? null : client;
        for (short headerVersion = 1; headerVersion <= 2; headerVersion++) {
            boolean flexible = headerVersion == 2;
            RequestHeader ours = new RequestHeader((short) 3, (short) (flexible ? 9 : 4), 123456789, clientId);
            ByteBuffer bytes = ByteBuffer.allocate(ours.sizeOf(flexible));
            ours.write(new ByteBufferWritable(bytes), flexible);
            assertFalse(bytes.hasRemaining());
            bytes.flip();

            ByteBuffer forKafka = bytes.duplicate();
            RequestHeaderData kafka = new RequestHeaderData(new ByteBufferAccessor(forKafka), headerVersion);
            assertFalse(forKafka.hasRemaining());
            assertEquals(ours.apiKey(), kafka.requestApiKey());
            assertEquals(ours.apiVersion(), kafka.requestApiVersion());
            assertEquals(123456789, kafka.correlationId());
            assertEquals(clientId, kafka.clientId());
            assertEquals(RoundTripTest.hex(bytes), RoundTripTest.hex(KafkaOracle.serialize(kafka, headerVersion)));

            if (flexible) {
                kafka.unknownTaggedFields().add(new RawTaggedField(3, new byte[] {1, 2}));
            }
            ByteBuffer theirs = KafkaOracle.serialize(kafka, headerVersion);
            RequestHeader prefix = RequestHeader.readPrefix(theirs);
            assertEquals(ApiKeys.METADATA.id(), prefix.apiKey());
            RequestHeader read = prefix.readRest(theirs, ApiKeys.forId(prefix.apiKey()).isFlexible(prefix.apiVersion()));
            assertFalse(theirs.hasRemaining());
            assertEquals(ours, read);
        }
    }

    @Test
    void responseHeaderMatchesKafkaClients() {
        for (short headerVersion = 0; headerVersion <= 1; headerVersion++) {
            boolean flexible = headerVersion == 1;
            ByteBuffer bytes = ByteBuffer.allocate(ResponseHeader.sizeOf(flexible));
            ResponseHeader.write(new ByteBufferWritable(bytes), -5, flexible);
            assertFalse(bytes.hasRemaining());
            ResponseHeaderData kafka = new ResponseHeaderData().setCorrelationId(-5);
            assertEquals(RoundTripTest.hex(bytes.flip()), RoundTripTest.hex(KafkaOracle.serialize(kafka, headerVersion)));
        }
    }

    @Test
    void truncatedRequestHeaderIsASchemaException() {
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {0, 3, 0, 9, 0, 0, 0, 1, 0, 5, 'a'});
        RequestHeader prefix = RequestHeader.readPrefix(bytes);
        assertThrows(SchemaException.class, () -> prefix.readRest(bytes, false));
    }

}
