"""confluent-kafka (librdkafka; Debian python3-confluent-kafka) round trip against a broker.

Usage: confluent_kafka_roundtrip.py <bootstrap> <topic> <n>
A Producer sends n keyed records with headers to partition 0 of an existing topic, collecting delivery
callbacks; a Consumer assign()s partition 0 from the beginning (no group membership) and reads them back.
Prints "DELIVERED <n>", "CONSUMED <count>" and "OK <n>"; exits 1 on a mismatch, 3 when the module is missing.
"""
import sys
import time

try:
    from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition
except ImportError as e:
    print("MISSING confluent-kafka: %s" % e, file=sys.stderr)
    sys.exit(3)


def main():
    bootstrap, topic, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    delivered, errors = [], []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(str(err))
        else:
            delivered.append((msg.offset(), msg.key(), msg.value()))

    producer = Producer({'bootstrap.servers': bootstrap, 'message.timeout.ms': 60000})
    for i in range(n):
        producer.produce(topic, partition=0, key=b'key-%d' % i, value=b'value-%d' % i,
                         headers=[('index', b'%d' % i)], on_delivery=on_delivery)
        producer.poll(0)
    remaining = producer.flush(60)
    expected = [(i, b'key-%d' % i, b'value-%d' % i) for i in range(n)]
    if remaining != 0 or errors or sorted(delivered) != expected:
        print("FAIL delivery: remaining %d errors %s delivered %s" % (remaining, errors, delivered))
        return 1
    print("DELIVERED %d" % len(delivered))

    consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'assign-only-' + topic,
                         'enable.auto.commit': False, 'enable.partition.eof': True})
    consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
    received = []
    deadline = time.time() + 60
    while len(received) < n and time.time() < deadline:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if msg.error():
            if msg.error().code() == KafkaError._PARTITION_EOF:
                continue
            print("FAIL consume error: %s" % msg.error())
            return 1
        headers = dict(msg.headers() or [])
        received.append((msg.offset(), msg.key(), msg.value()))
        if headers.get('index') != b'%d' % msg.offset():
            print("FAIL headers of offset %d: %s" % (msg.offset(), msg.headers()))
            return 1
    consumer.close()
    print("CONSUMED %d" % len(received))
    if received != expected:
        print("FAIL read back %s" % received)
        return 1
    print("OK %d" % n)
    return 0


if __name__ == '__main__':
    sys.exit(main())
