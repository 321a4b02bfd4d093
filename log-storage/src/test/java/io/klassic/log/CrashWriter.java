package io.klassic.log;

import java.io.File;

/**
 * Child process of {@link CrashRecoveryTest}: appends batches of sequential values to a log forever, printing
 * "appended N" after each hundredth batch, until it is killed.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) {
        File dir = new File(args[0]);
        Log log = Log.open(dir, "crash", 0, TestUtils.config("segment.bytes", "20000", "index.interval.bytes", "500"),
            0, 0, false, System::currentTimeMillis);
        for (long i = 0; ; i++) {
            log.appendAsLeader(TestUtils.batch(1000 + i, "value-" + i, "second-" + i), 0);
            if (i % 100 == 99) {
                System.out.println("appended " + (i + 1));
                System.out.flush();
            }
        }
    }
}
