package io.klassic.tools.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The expected screens were produced by the jopt-simple library (the one behind Apache Kafka's tools) for the
 * same option declarations.
 */
class HelpFormatterTest {

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    @Test
    void wideOptionColumnWrapsBothCellsAndPadsToEightyColumns() {
        OptionParser p = new OptionParser();
        p.accepts("alter", "Alter the number of partitions and replica assignment. Update the configuration of an "
                + "existing topic via --alter is no longer supported here (the kafka-configs CLI supports altering "
                + "topic configs with a --bootstrap-server option).");
        p.accepts("bootstrap-server", "REQUIRED: The Kafka server to connect to.").withRequiredArg()
                .describedAs("server to connect to").ofType(String.class);
        p.accepts("max-partition-memory-bytes", "The buffer size.").withRequiredArg()
                .describedAs("memory in bytes per partition").ofType(Integer.class).defaultsTo(16384);
        assertEquals(lines(
                "Option                                  Description                           ",
                "------                                  -----------                           ",
                "--alter                                 Alter the number of partitions and    ",
                "                                          replica assignment. Update the      ",
                "                                          configuration of an existing topic  ",
                "                                          via --alter is no longer supported  ",
                "                                          here (the kafka-configs CLI supports",
                "                                          altering topic configs with a --    ",
                "                                          bootstrap-server option).           ",
                "--bootstrap-server <String: server to   REQUIRED: The Kafka server to connect ",
                "  connect to>                             to.                                 ",
                "--max-partition-memory-bytes <Integer:  The buffer size. (default: 16384)     ",
                "  memory in bytes per partition>                                              "),
                p.helpText());
    }

    @Test
    void narrowOptionColumnLeavesTheRestToTheDescription() {
        OptionParser p = new OptionParser();
        p.accepts("a", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr "
                + "ssss tttt uuuu");
        p.accepts("yyyyy", "d");
        assertEquals(lines(
                "Option   Description                                                          ",
                "------   -----------                                                          ",
                "-a       aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn",
                "           oooo pppp qqqq rrrr ssss tttt uuuu                                 ",
                "--yyyyy  d                                                                    "),
                p.helpText());
    }

    @Test
    void lineBreaksStartUnindentedLinesAndOptionalArgumentsUseBrackets() {
        OptionParser p = new OptionParser();
        p.accepts("property", "Default properties include:\n parse.key=false\n\tkey.separator=\\t").withRequiredArg()
                .describedAs("prop");
        p.accepts("compression-codec", "The codec.").withOptionalArg().describedAs("compression-codec");
        p.accepts("key-deserializer").withRequiredArg().describedAs("deserializer for key");
        assertEquals(lines(
                "Option                        Description                ",
                "------                        -----------                ",
                "--compression-codec [String:  The codec.                 ",
                "  compression-codec]                                     ",
                "--key-deserializer <String:                              ",
                "  deserializer for key>                                  ",
                "--property <String: prop>     Default properties include:",
                "                               parse.key=false           ",
                "                              \tkey.separator=\\t          "),
                p.helpText());
    }

    @Test
    void wrapsAtWordBoundariesAndAfterHyphens() {
        assertEquals(List.of("altering topic configs with a --", "  bootstrap-server option)."),
                HelpFormatter.wrap("altering topic configs with a --bootstrap-server option).", 39));
        assertEquals(List.of("short"), HelpFormatter.wrap("  short \n", 39));
    }
}
