package io.klassic.tools;

import io.klassic.protocol.record.CorruptRecordException;
import io.klassic.tools.cli.ExitException;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import io.klassic.tools.dumplog.DumpException;
import io.klassic.tools.dumplog.DumpLogSegmentsOptions;
import io.klassic.tools.dumplog.SegmentDumper;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * {@code bin/kafka-dump-log.sh}: prints the record batches and records of segment {@code .log} files, and the
 * entries of {@code .index} and {@code .timeindex} files checked against their log, with Apache Kafka 3.9's flags
 * and output, line for line (see {@link SegmentDumper}). Files are only read, never changed, so it can run on the
 * log directory of a running broker.
 *
 * <p>Exit code 0 once every file was dumped (even when problems were reported); 1 for a bad command line (problem
 * and help screen on standard error) or a file that cannot be dumped (the reason on standard error, where Kafka's
 * tool dies with a stack trace).
 *
 * <p>Not thread-safe; one run per call.
 */
public final class DumpLogSegments {

    private DumpLogSegments() {
    }

    public static void main(String... args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false, Charset.defaultCharset());
        int code;
        try {
            code = mainNoExit(new ToolIo(System.in, out, System.err), args);
        } finally {
            out.flush();
        }
        System.exit(code);
    }

    /** Runs the command; returns the exit code. */
    public static int mainNoExit(ToolIo io, String... args) {
        DumpLogSegmentsOptions opts = new DumpLogSegmentsOptions();
        try {
            opts.parse(io, args);
        } catch (UsageException e) {
            return opts.printUsage(io, e);
        } catch (ExitException e) {
            return e.code();
        }
        try {
            new SegmentDumper(opts, io.out(), io.err()).run();
            return 0;
        } catch (DumpException | CorruptRecordException e) {
            io.out().flush();
            io.err().println(e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            io.out().flush();
            io.err().println("Error while dumping: " + e);
            return 1;
        }
    }
}
