package io.klassic.protocol.messages;

import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.MessageSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our API registry against kafka-clients 3.9's: ids, names, versions and header versions. */
class ApiKeysTest {

    @Test
    void matchesKafkaClients() {
        for (ApiKeys api : ApiKeys.values()) {
            org.apache.kafka.common.protocol.ApiKeys kafka = org.apache.kafka.common.protocol.ApiKeys.forId(api.id());
            assertEquals(kafka.name(), api.name());
            assertEquals(kafka.name, api.apiName());
            assertSame(api, ApiKeys.forId(api.id()));
            for (MessageSpec spec : new MessageSpec[] {api.request(), api.response()}) {
                assertEquals(api.id(), spec.apiKey(), spec.name());
                assertTrue(spec.name().startsWith(api.apiName()), spec.name());
                assertEquals(api.request().validVersions(), spec.validVersions(), spec.name());
                assertEquals(api.request().flexibleVersions(), spec.flexibleVersions(), spec.name());
            }
            assertTrue(api.oldestVersion() >= kafka.oldestVersion(), api.name());
            assertTrue(api.latestVersion() <= kafka.latestVersion(), api.name());
            for (short v = api.oldestVersion(); v <= api.latestVersion(); v++) {
                assertTrue(api.isVersionSupported(v));
                assertEquals(kafka.requestHeaderVersion(v), api.requestHeaderVersion(v), api + " v" + v);
                assertEquals(kafka.responseHeaderVersion(v), api.responseHeaderVersion(v), api + " v" + v);
                assertEquals(kafka.requestHeaderVersion(v) == 2, api.isFlexible(v), api + " v" + v);
            }
        }
    }

    @Test
    void unknownIdsAreNull() {
        assertNull(ApiKeys.forId(-1));
        assertNull(ApiKeys.forId(17));
        assertNull(ApiKeys.forId(61));
        assertNull(ApiKeys.forId(Short.MAX_VALUE));
        assertNotNull(ApiKeys.forId(60));
        assertEquals(ApiKeys.API_VERSIONS, ApiKeys.forId(18));
        assertEquals((short) 0, ApiKeys.API_VERSIONS.responseHeaderVersion((short) 3));
        assertEquals((short) 2, ApiKeys.API_VERSIONS.requestHeaderVersion((short) 3));
    }
}
