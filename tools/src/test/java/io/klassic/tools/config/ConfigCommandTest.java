package io.klassic.tools.config;

import io.klassic.tools.ConfigCommand;
import io.klassic.tools.FakeAdmin;
import io.klassic.tools.ToolRun;
import io.klassic.tools.cli.ToolIo;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kafka-configs.sh: command line checks, exit codes, --add-config parsing and the describe format. */
class ConfigCommandTest {

    private static final String NL = System.lineSeparator();
    private static final String B = "--bootstrap-server";

    private static ToolRun configs(String... args) {
        ToolRun.Streams s = new ToolRun.Streams("");
        return s.result(ConfigCommand.mainNoExit(s.io(), args));
    }

    @Test
    void usageProblemsPrintTheHelpScreenAndExitWithOne() {
        ToolRun run = configs();
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("This tool helps to manipulate"), run.err());
        assertTrue(run.err().contains("--add-config <String>"), run.err());
        run = configs(B, "localhost:1", "--entity-type", "topics", "--entity-name", "t");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("Command must include exactly one action: --describe, --alter" + NL), run.err());
        run = configs(B, "localhost:1", "--entity-type", "topics", "--describe", "--add-config", "a=b");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("Option \"[describe]\" can't be used with option \"[add-config]\""), run.err());
    }

    @Test
    void badEntitiesAndConnectionsPrintJustTheMessage() {
        assertMessage(configs(B, "localhost:1", "--describe"), "At least one entity type must be specified");
        assertMessage(configs(B, "localhost:1", "--entity-type", "users", "--describe"),
                "Invalid entity type users, the entity type must be one of topics, brokers");
        assertMessage(configs(B, "localhost:1", "--entity-type", "brokers", "--entity-name", "x", "--describe"),
                "The entity name for brokers must be a valid integer broker id, but it is: x");
        assertMessage(configs("--entity-type", "topics", "--describe"),
                "One of the required --bootstrap-server or --zookeeper arguments must be specified");
        assertMessage(configs(B, "localhost:1", "--entity-type", "topics", "--alter", "--add-config", "a=b"),
                "an entity name must be specified with --alter of topics");
        assertMessage(configs(B, "localhost:1", "--topic", "t", "--alter"),
                "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
        assertMessage(configs("--foo"), "foo is not a recognized option");
    }

    private static void assertMessage(ToolRun run, String message) {
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(message + NL, run.err());
        assertEquals("", run.out());
    }

    @Test
    void addConfigSplitsAtCommasOutsideBrackets() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("k1", "v1");
        expected.put("k2", "v2,v3");
        expected.put("k3", "v4");
        assertEquals(expected, ConfigCommandOptions.parseConfigsToAdd("k1=v1,k2=[v2,v3], k3 = v4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigCommandOptions.parseConfigsToAdd("k1=v1,k2"));
        assertTrue(e.getMessage().contains("\"key=val\""), e.getMessage());
    }

    @Test
    void alterBuildsSetAndDeleteOperations() {
        List<AlterConfigOp> ops = AdminConfigService.alterOps(Map.of("retention.ms", "1000"), List.of("segment.ms"));
        assertEquals(2, ops.size());
        assertEquals(AlterConfigOp.OpType.SET, ops.get(0).opType());
        assertEquals("1000", ops.get(0).configEntry().value());
        assertEquals(AlterConfigOp.OpType.DELETE, ops.get(1).opType());
        assertEquals("segment.ms", ops.get(1).configEntry().name());
    }

    @Test
    void describeShowsOnlyDynamicTopicConfigsSortedByName() throws Exception {
        ConfigEntry dynamic = new ConfigEntry("retention.ms", "1000", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG,
                false, false, List.of(), ConfigEntry.ConfigType.LONG, null);
        ConfigEntry secret = new ConfigEntry("a.secret", "x", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG,
                true, false, List.of(), ConfigEntry.ConfigType.PASSWORD, null);
        ConfigEntry fallback = new ConfigEntry("segment.ms", "604800000", ConfigEntry.ConfigSource.DEFAULT_CONFIG,
                false, false, List.of(), ConfigEntry.ConfigType.LONG, null);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "t");
        org.apache.kafka.clients.admin.Admin admin = FakeAdmin.of(Map.of("describeConfigs", args -> {
            @SuppressWarnings("unchecked")
            Collection<ConfigResource> asked = (Collection<ConfigResource>) args[0];
            assertEquals(List.of(resource), List.copyOf(asked));
            return new DescribeConfigsResult(Map.of(resource,
                    KafkaFuture.completedFuture(new Config(List.of(dynamic, secret, fallback))))) { };
        }));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ToolIo io = new ToolIo(System.in, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        ConfigCommandOptions opts = new ConfigCommandOptions().parse(io, B, "localhost:1", "--entity-type", "topics",
                "--entity-name", "t", "--describe");
        try (AdminConfigService service = new AdminConfigService(admin, io.out())) {
            service.describe(opts);
        }
        assertEquals("Dynamic configs for topic t are:" + NL
                + "  a.secret=null sensitive=true synonyms={}" + NL
                + "  retention.ms=1000 sensitive=false synonyms={}" + NL, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void headersNameTheEntity() {
        assertEquals("Dynamic configs for broker 0 are:", AdminConfigService.header("brokers", "0", false));
        assertEquals("All configs for topic t are:", AdminConfigService.header("topics", "t", true));
        assertEquals("Default configs for brokers in the cluster are:", AdminConfigService.header("brokers", "", false));
    }
}
