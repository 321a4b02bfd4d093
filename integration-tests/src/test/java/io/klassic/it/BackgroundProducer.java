package io.klassic.it;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A thread that keeps writing numbered records ({@code background-<seq>}) round-robin over a topic's partitions with
 * an idempotent acks=all producer until closed, recording every outcome in an {@link AckedRecords}. At most 20 records
 * per partition are in flight, so that a partition whose leader is unreachable holds back its own records only.
 *
 * <p>Thread-safe: start and close from the test thread.
 */
public final class BackgroundProducer implements AutoCloseable {
    private static final int IN_FLIGHT_PER_PARTITION = 20;

    private final String bootstrap;
    private final String topic;
    private final int partitions;
    private final AckedRecords acked;
    private final Thread thread;
    private volatile boolean running = true;

    public BackgroundProducer(String bootstrap, String topic, int partitions, AckedRecords acked) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
        this.acked = acked;
        this.thread = new Thread(this::run, "background-producer-" + topic);
        thread.start();
    }

    private void run() {
        Semaphore[] inFlight = new Semaphore[partitions];
        for (int p = 0; p < partitions; p++) {
            inFlight[p] = new Semaphore(IN_FLIGHT_PER_PARTITION);
        }
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, Map.of("acks", "all", "enable.idempotence", "true",
                "linger.ms", "5", "delivery.timeout.ms", "120000", "request.timeout.ms", "10000", "max.block.ms", "120000"))) {
            int seq = 0;
            int partition = 0;
            while (running) {
                partition = (partition + 1) % partitions;
                Semaphore permits = inFlight[partition];
                if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                byte[] value = AckedRecords.value("background", seq++);
                var callback = acked.callback(partition, value);
                producer.send(new ProducerRecord<>(topic, partition, null, value), (metadata, exception) -> {
                    permits.release();
                    callback.onCompletion(metadata, exception);
                });
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sending, waits for the records in flight (at most their delivery timeout) and for the thread to end. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(150));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("the background producer of " + topic + " did not stop within 150 s");
        }
    }
}
