"""librdkafka (Debian python3-confluent-kafka) consumer group against a broker.

Usage: confluent_kafka_group.py <bootstrap> <topic> <group> <expected> <committed>
Subscribes a Consumer with group.id=<group> and auto.offset.reset=earliest, reads until <expected> records
have arrived (or 60 s pass), commits synchronously, closes, then reads the committed offsets with a new
consumer of the same group, which must add up to <committed>. Prints "CONSUMED <count>", "COMMITTED <sum>" and "OK"; exits 1 on a mismatch,
3 when confluent-kafka is missing.
"""
import sys
import time

try:
    from confluent_kafka import Consumer, TopicPartition
except ImportError as e:
    print("MISSING confluent-kafka: %s" % e, file=sys.stderr)
    sys.exit(3)


def main():
    bootstrap, topic, group, expected, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': group, 'auto.offset.reset': 'earliest',
                         'enable.auto.commit': False})
    consumer.subscribe([topic])
    count = 0
    deadline = time.time() + 60
    while count < expected and time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            print("ERROR %s" % msg.error())
            continue
        count += 1
    consumer.commit(asynchronous=False)
    consumer.close()
    print("CONSUMED %d" % count)
    checker = Consumer({'bootstrap.servers': bootstrap, 'group.id': group})
    metadata = checker.list_topics(topic, timeout=30)
    partitions = [TopicPartition(topic, p) for p in metadata.topics[topic].partitions]
    committed = sum(max(tp.offset, 0) for tp in checker.committed(partitions, timeout=30))
    checker.close()
    print("COMMITTED %d" % committed)
    if count != expected or committed != total:
        print("FAIL consumed %d, committed %d, expected %d and %d" % (count, committed, expected, total))
        return 1
    print("OK")
    return 0


if __name__ == '__main__':
    sys.exit(main())
