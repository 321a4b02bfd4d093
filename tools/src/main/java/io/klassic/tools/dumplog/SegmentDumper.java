package io.klassic.tools.dumplog;

import io.klassic.log.LogSegment;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;

/**
 * Runs one {@code kafka-dump-log.sh} command: dumps each file by its suffix ({@code .log}, {@code .index},
 * {@code .timeindex}; anything else is reported as {@code Ignoring unknown file} on standard error), then prints
 * the problems found on standard error. Kafka's tool also reads producer state {@code .snapshot} files, aborted
 * transaction {@code .txnindex} files and KRaft {@code .checkpoint} snapshots; Klassic's log storage writes none of
 * them, so they count as unknown here.
 *
 * <p>Not thread-safe; one run per instance.
 */
public final class SegmentDumper {
    private final DumpLogSegmentsOptions opts;
    private final PrintStream out;
    private final PrintStream err;
    private final DumpErrors errors = new DumpErrors();

    public SegmentDumper(DumpLogSegmentsOptions opts, PrintStream out, PrintStream err) {
        this.opts = opts;
        this.out = out;
        this.err = err;
    }

    /**
     * Dumps every file, then prints the problems found.
     *
     * @throws DumpException when a file cannot be dumped (the dump stops there, as Kafka's does)
     */
    public void run() {
        for (String name : opts.files()) {
            File file = new File(name);
            out.println("Dumping " + file);
            try {
                dump(file);
            } catch (NoSuchFileException e) {
                throw new DumpException("Cannot dump " + file + ": " + e.getFile() + " does not exist.", e);
            } catch (IOException e) {
                throw new DumpException("Cannot dump " + file + ": " + e, e);
            }
        }
        out.flush();
        errors.printTo(err);
    }

    private void dump(File file) throws IOException {
        String name = file.getName();
        int dot = name.lastIndexOf('.');
        String suffix = dot < 0 ? "" : name.substring(dot);
        switch (suffix) {
            case LogSegment.LOG_FILE_SUFFIX -> new LogDumper(out, errors).dumpLog(file, opts.shouldPrintDataLog(),
                opts.isDeepIteration(), opts.messageParser(out), opts.skipRecordMetadata(), opts.maxBytes());
            case LogSegment.INDEX_FILE_SUFFIX -> new IndexDumper(out, errors).dumpIndex(file, opts.indexSanityOnly(),
                opts.verifyOnly(), opts.maxMessageSize());
            case LogSegment.TIME_INDEX_FILE_SUFFIX -> new IndexDumper(out, errors).dumpTimeIndex(file,
                opts.indexSanityOnly(), opts.verifyOnly());
            default -> err.println("Ignoring unknown file " + file);
        }
    }
}
