package io.klassic.protocol.messages;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.ByteBufferWritable;
import io.klassic.protocol.types.MessageSpec;
import io.klassic.protocol.types.Struct;
import io.klassic.protocol.types.Versions;
import org.apache.kafka.common.protocol.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every request and response of every API at every version of its schema, checked byte for byte against
 * kafka-clients 3.9: random values encoded by our codec must be read by kafka-clients without leftover bytes,
 * re-encoded by kafka-clients to identical bytes, and decoded by our codec back to the same values.
 */
class RoundTripTest {
    private static final int ITERATIONS = 40;

    static Stream<Arguments> messages() {
        List<Arguments> cases = new ArrayList<>();
        for (ApiKeys api : ApiKeys.values()) {
            for (MessageSpec spec : List.of(api.request(), api.response())) {
                Versions versions = spec.validVersions();
                for (short v = versions.lowest(); v <= versions.highest(); v++) {
                    cases.add(Arguments.of(api, spec.name(), v));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} v{2}")
    @MethodSource("messages")
    void roundTripsAgainstKafkaClients(ApiKeys api, String name, short version) {
        MessageSpec spec = name.endsWith("Request") ? api.request() : api.response();
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = ((long) api.id() << 32) ^ ((long) version << 16) ^ (name.endsWith("Request") ? 0 : 1 << 12) ^ i;
            Struct original = new RandomStructs(seed).message(spec, version);
            String context = name + " v" + version + " seed " + seed + ": " + original;

            int size = spec.sizeOf(original, version);
            ByteBuffer ours = ByteBuffer.allocate(size);
            spec.write(original, version, new ByteBufferWritable(ours));
            assertFalse(ours.hasRemaining(), "sizeOf announced " + size + " bytes but " + ours.position() + " were written; " + context);
            ours.flip();

            ByteBuffer forKafka = ours.duplicate();
            Message parsed = KafkaOracle.parse(spec, version, forKafka);
            assertEquals(0, forKafka.remaining(), "kafka-clients left bytes unread; " + context);
            KafkaOracle.assertSameValues(original, parsed, name + " v" + version + " seed " + seed);

            ByteBuffer theirs = KafkaOracle.serialize(parsed, version);
            assertEquals(hex(ours), hex(theirs), "kafka-clients re-encodes differently; " + context + " / kafka: " + parsed);

            ByteBuffer forUs = theirs.duplicate();
            Struct decoded = spec.read(forUs, version);
            assertEquals(0, forUs.remaining(), "our codec left bytes unread; " + context);
            assertEquals(original, decoded, context);
        }
    }

    static String hex(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
