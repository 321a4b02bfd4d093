package io.klassic.tools;

import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kafka-broker-api-versions.sh: usage and Kafka's per-broker listing. */
class BrokerApiVersionsCommandTest {

    private static final String NL = System.lineSeparator();

    @Test
    void listingHasKafkasLayout() {
        String text = BrokerApiVersionsCommand.format(new Node(0, "127.0.0.1", 9092), List.of(
                new BrokerApiVersionsCommand.ApiRange(0, 0, 9),
                new BrokerApiVersionsCommand.ApiRange(18, 3, 3),
                new BrokerApiVersionsCommand.ApiRange(999, 0, 1)));
        assertTrue(text.startsWith("127.0.0.1:9092 (id: 0 rack: null) -> (" + NL
                + "\tProduce(0): 0 to 9 [usable: 9]," + NL
                + "\tFetch(1): UNSUPPORTED," + NL), text);
        assertTrue(text.contains(NL + "\tApiVersions(18): 3 [usable: 3]," + NL), text);
        assertTrue(text.endsWith(NL + "\tUNKNOWN(999): 0 to 1" + NL + ")" + NL), text);
    }

    @Test
    void missingBootstrapServerIsAUsageError() {
        ToolRun.Streams s = new ToolRun.Streams("");
        ToolRun run = s.result(BrokerApiVersionsCommand.mainNoExit(s.io(), "--command-config", "x"));
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("Missing required argument \"[bootstrap-server]\"" + NL), run.err());
    }
}
