#!/usr/bin/env python3
"""Prints finished and failed books written in the schema-registry wire format.

  python3 registry_follow.py --bootstrap localhost:9092 --registry http://localhost:8081 \
      [--book-id ID] [--from-beginning] [--timeout SECONDS]
The line must run with serde.format=registry (its records then start with byte 0).
"""
import argparse

from confluent_kafka import Consumer

import registry_avro

COMPLETED = "fablestream.books.completed"
FAILED = "fablestream.books.failed"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", default="localhost:9092")
    parser.add_argument("--registry", default="http://localhost:8081")
    parser.add_argument("--registry-user-info", help="user:password for the registry's basic auth")
    parser.add_argument("--book-id")
    parser.add_argument("--from-beginning", action="store_true")
    parser.add_argument("--timeout", type=float, default=0, help="stop after this many idle seconds (0: never)")
    args = parser.parse_args()

    conf = registry_avro.registry_conf(args.registry, args.registry_user_info)
    readers = {COMPLETED: registry_avro.deserializer(conf, "BookCompleted"),
               FAILED: registry_avro.deserializer(conf, "BookFailed")}
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": "fablestream-python-registry-follow",
        "isolation.level": "read_committed",
        "auto.offset.reset": "earliest" if args.from_beginning else "latest",
        "enable.auto.commit": False,
    })
    consumer.subscribe([COMPLETED, FAILED])
    try:
        while True:
            msg = consumer.poll(args.timeout or 1.0)
            if msg is None:
                if args.timeout:
                    return
                continue
            if msg.error():
                raise SystemExit(str(msg.error()))
            book = readers[msg.topic()](msg.topic(), msg.value())
            if args.book_id and book["bookId"] != args.book_id:
                continue
            if msg.topic() == COMPLETED:
                print("COMPLETED %s %r: %d chapters" % (book["bookId"], book["title"], len(book["chapters"])))
                for chapter in book["chapters"]:
                    print("  %d. %s (%d words)" % (chapter["number"], chapter["title"], chapter["wordCount"]))
            else:
                print("FAILED %s %s/%s: %s" % (book["bookId"], book["stage"], book["reason"], book["message"]))
            if args.book_id:
                return
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
