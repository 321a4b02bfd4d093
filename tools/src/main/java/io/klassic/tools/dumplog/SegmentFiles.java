package io.klassic.tools.dumplog;

import java.io.File;

/**
 * What a segment file's name says, read as Kafka's tool reads it: the base offset is the part of the name before
 * the first dot ({@code 00000000000000000042.index} belongs to the segment at offset 42, whose records are in
 * {@code 00000000000000000042.log} next to it). Stateless and thread-safe.
 */
final class SegmentFiles {
    private SegmentFiles() {
    }

    /** The part of the name before the first dot. */
    static String prefix(File file) {
        String name = file.getName();
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /**
     * The base offset the file's name starts with.
     *
     * @throws DumpException when the name does not start with a number
     */
    static long baseOffset(File file) {
        String prefix = prefix(file);
        try {
            return Long.parseLong(prefix);
        } catch (NumberFormatException e) {
            throw new DumpException("Cannot dump " + file + ": the name of a segment file starts with the base offset "
                + "of its segment (as in 00000000000000000042.log), not '" + prefix + "'.", e);
        }
    }

    /** The file of the same segment with another suffix, in the same directory. */
    static File sibling(File file, String suffix) {
        return new File(file.getAbsoluteFile().getParent(), prefix(file) + suffix);
    }
}
