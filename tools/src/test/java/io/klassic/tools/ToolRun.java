package io.klassic.tools;

import io.klassic.tools.cli.ToolIo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The outcome of one in-process tool run: exit code, standard output and standard error. */
public record ToolRun(int exitCode, String out, String err) {

    /** Streams for a run, with {@code input} as standard input. */
    public static final class Streams {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final ToolIo io;

        public Streams(String input) {
            io = new ToolIo(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        }

        public ToolIo io() {
            return io;
        }

        public ToolRun result(int exitCode) {
            io.out().flush();
            io.err().flush();
            return new ToolRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    public static ToolRun topics(String... args) {
        Streams s = new Streams("");
        return s.result(TopicCommand.mainNoExit(s.io(), args));
    }
}
