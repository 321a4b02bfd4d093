package io.klassic.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Releases a memory mapping at once instead of when the garbage collector gets to it (which may keep a deleted
 * index's disk space, or a file handle, alive for minutes), through {@code sun.misc.Unsafe.invokeCleaner} of the
 * {@code jdk.unsupported} module. Where that is unavailable, unmapping is left to the garbage collector. The caller
 * must make sure nothing touches the buffer afterwards: an access to an unmapped buffer crashes the JVM. Stateless
 * and thread-safe.
 */
final class MappedBuffers {
    private static final Logger LOG = LoggerFactory.getLogger(MappedBuffers.class);
    private static final MethodHandle INVOKE_CLEANER = findCleaner();

    private MappedBuffers() {
    }

    private static MethodHandle findCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup()
                .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("Memory maps will be released by the garbage collector: {}", e.toString());
            return null;
        }
    }

    /** Whether {@link #unmap} releases mappings at once on this JVM. */
    static boolean canUnmap() {
        return INVOKE_CLEANER != null;
    }

    /** Unmaps {@code buffer} now if possible; never throws. */
    static void unmap(MappedByteBuffer buffer) {
        if (buffer == null || INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
        } catch (Throwable t) {
            LOG.warn("Failed to unmap a memory-mapped index: {}", t.toString());
        }
    }
}
