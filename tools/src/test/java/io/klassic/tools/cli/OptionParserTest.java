package io.klassic.tools.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionParserTest {

    private final OptionParser parser = new OptionParser();
    private final OptionSpec<Void> list = parser.accepts("list", "List.");
    private final OptionSpec<String> topic = parser.accepts("topic", "Topic.").withRequiredArg().ofType(String.class);
    private final OptionSpec<Integer> partitions = parser.accepts("partitions", "Partitions.")
            .withRequiredArg().ofType(Integer.class);
    private final OptionSpec<String> offset = parser.accepts("offset", "Offset.").withRequiredArg()
            .ofType(String.class).defaultsTo("latest");
    private final OptionSpec<String> codec = parser.accepts("compression-codec", "Codec.").withOptionalArg()
            .ofType(String.class);
    private final OptionSpec<Long> timeout = parser.accepts("timeout-ms", "Timeout.").withRequiredArg()
            .ofType(Long.class);

    @Test
    void parsesFlagsAndArgumentsInAllSpellings() {
        OptionSet set = parser.parse("--list", "--topic", "a", "-partitions", "3", "--timeout-ms=1500");
        assertTrue(set.has(list));
        assertEquals("a", set.valueOf(topic));
        assertEquals(3, set.valueOf(partitions));
        assertEquals(1500L, set.valueOf(timeout));
        assertFalse(set.has(codec));
    }

    @Test
    void requiredArgumentTakesTheNextTokenWhateverItLooksLike() {
        OptionSet set = parser.parse("--offset", "-1", "--topic", "--list");
        assertEquals("-1", set.valueOf(offset));
        assertEquals("--list", set.valueOf(topic));
        assertFalse(set.has(list));
    }

    @Test
    void optionalArgumentIsTakenOnlyIfItDoesNotLookLikeAnOption() {
        OptionSet bare = parser.parse("--compression-codec", "--list");
        assertTrue(bare.has(codec));
        assertNull(bare.valueOf(codec));
        assertTrue(bare.has(list));
        assertEquals("lz4", parser.parse("--compression-codec", "lz4").valueOf(codec));
        assertEquals("zstd", parser.parse("--compression-codec=zstd").valueOf(codec));
        assertNull(parser.parse("--compression-codec").valueOf(codec));
    }

    @Test
    void defaultsApplyWhenAbsentButDoNotCountAsGiven() {
        OptionSet set = parser.parse("--list");
        assertFalse(set.has(offset));
        assertEquals("latest", set.valueOf(offset));
        assertEquals(List.of("latest"), set.valuesOf(offset));
        assertNull(set.valueOf(topic));
        assertEquals(List.of(), set.valuesOf(topic));
    }

    @Test
    void repeatedOptionsKeepEveryArgumentButValueOfWantsOne() {
        OptionSet set = parser.parse("--topic", "a", "--topic", "b");
        assertEquals(List.of("a", "b"), set.valuesOf(topic));
        OptionException e = assertThrows(OptionException.class, () -> set.valueOf(topic));
        assertEquals("Found multiple arguments for option topic, but you asked for only one", e.getMessage());
    }

    @Test
    void nonOptionArgumentsAndTheEndOfOptions() {
        OptionSet set = parser.parse("t1", "--list", "-", "--", "--topic", "x");
        assertEquals(List.of("t1", "-", "--topic", "x"), set.nonOptionArguments());
        assertTrue(set.has(list));
        assertFalse(set.has(topic));
    }

    @Test
    void errorsUseJoptSimplesMessages() {
        assertEquals("foo is not a recognized option",
                assertThrows(OptionException.class, () -> parser.parse("--foo")).getMessage());
        assertEquals("bootstrap is not a recognized option",
                assertThrows(OptionException.class, () -> parser.parse("--bootstrap", "x")).getMessage());
        assertEquals("Option topic requires an argument",
                assertThrows(OptionException.class, () -> parser.parse("--list", "--topic")).getMessage());
        OptionSet set = parser.parse("--partitions", "x");
        assertEquals("Cannot parse argument 'x' of option partitions",
                assertThrows(OptionException.class, () -> set.valueOf(partitions)).getMessage());
    }

    @Test
    void requiredUnlessIsCheckedExceptForHelp() {
        OptionParser p = new OptionParser();
        OptionSpec<Void> help = p.accepts("help", "Help.").forHelp();
        OptionSpec<String> bootstrap = p.accepts("bootstrap-server", "B.").withRequiredArg();
        OptionSpec<String> brokerList = p.accepts("broker-list", "L.").withRequiredArg();
        p.requiredUnless(bootstrap, brokerList);
        assertEquals("Missing required option(s) [bootstrap-server]",
                assertThrows(OptionException.class, () -> p.parse("--topic=x".substring(0, 0))).getMessage());
        assertTrue(p.parse("--broker-list", "h:1").has(brokerList));
        assertTrue(p.parse("--bootstrap-server", "h:1").has(bootstrap));
        assertTrue(p.parse("--help").has(help));
    }

    @Test
    void specsPrintTheirNamesInBrackets() {
        assertEquals("[partitions]", partitions.toString());
        assertEquals("[[list], [topic]]", List.of(list, topic).toString());
    }
}
