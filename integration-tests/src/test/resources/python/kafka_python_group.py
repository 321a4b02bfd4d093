"""kafka-python (Debian python3-kafka) consumer group against a broker.

Usage: kafka_python_group.py <bootstrap> <topic> <group> <expected> <committed>
Reads with KafkaConsumer(topic, group_id=group, auto_offset_reset='earliest', enable_auto_commit=True) until
<expected> records have arrived (or 60 s pass), closes the consumer (which commits), then reads the group's
committed offsets with a second consumer. Prints "CONSUMED <count>", "COMMITTED <sum of committed offsets>"
and "OK"; exits 1 on a mismatch, 3 when kafka-python is missing.
"""
import sys
import time

try:
    from kafka import KafkaConsumer, TopicPartition
except ImportError as e:
    print("MISSING kafka-python: %s" % e, file=sys.stderr)
    sys.exit(3)


def main():
    bootstrap, topic, group, expected, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    consumer = KafkaConsumer(topic, bootstrap_servers=[bootstrap], group_id=group,
                             auto_offset_reset='earliest', enable_auto_commit=True,
                             auto_commit_interval_ms=500, request_timeout_ms=30000)
    count = 0
    deadline = time.time() + 60
    while count < expected and time.time() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            count += len(records)
    consumer.close()
    print("CONSUMED %d" % count)
    checker = KafkaConsumer(bootstrap_servers=[bootstrap], group_id=group, enable_auto_commit=False)
    partitions = checker.partitions_for_topic(topic) or set()
    committed = 0
    for p in partitions:
        offset = checker.committed(TopicPartition(topic, p))
        committed += offset or 0
    checker.close()
    print("COMMITTED %d" % committed)
    if count != expected or committed != total:
        print("FAIL consumed %d, committed %d, expected %d and %d" % (count, committed, expected, total))
        return 1
    print("OK")
    return 0


if __name__ == '__main__':
    sys.exit(main())
