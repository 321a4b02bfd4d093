"""kafka-python (Debian python3-kafka) round trip against a broker.

Usage: kafka_python_roundtrip.py <bootstrap> <topic> <n>
Sends n values to a topic that does not exist yet (the broker auto-creates it), flushes, then reads them
back with a KafkaConsumer without a group (group_id=None, auto_offset_reset='earliest'). Prints
"PRODUCED <n>", "CONSUMED <count>" and "OK <n>"; exits 1 on a mismatch, 3 when kafka-python is missing.
"""
import sys

try:
    from kafka import KafkaConsumer, KafkaProducer
except ImportError as e:
    print("MISSING kafka-python: %s" % e, file=sys.stderr)
    sys.exit(3)


def main():
    bootstrap, topic, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    producer = KafkaProducer(bootstrap_servers=[bootstrap],
                             value_serializer=lambda v: v.encode('utf-8'),
                             max_block_ms=60000, request_timeout_ms=30000)
    futures = [producer.send(topic, value='value-%d' % i) for i in range(n)]
    producer.flush(timeout=60)
    offsets = [f.get(timeout=60).offset for f in futures]
    producer.close(timeout=30)
    if offsets != list(range(n)):
        print("FAIL acknowledged offsets %s" % offsets)
        return 1
    print("PRODUCED %d" % n)

    consumer = KafkaConsumer(topic, bootstrap_servers=[bootstrap], group_id=None,
                             auto_offset_reset='earliest', enable_auto_commit=False,
                             consumer_timeout_ms=15000,
                             value_deserializer=lambda v: v.decode('utf-8'))
    values = []
    for message in consumer:
        values.append((message.offset, message.value))
        if len(values) == n:
            break
    consumer.close()
    print("CONSUMED %d" % len(values))
    expected = [(i, 'value-%d' % i) for i in range(n)]
    if values != expected:
        print("FAIL read back %s" % values)
        return 1
    print("OK %d" % n)
    return 0


if __name__ == '__main__':
    sys.exit(main())
