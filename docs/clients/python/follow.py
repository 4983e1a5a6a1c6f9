#!/usr/bin/env python3
"""Prints finished and failed books as they are published.

  python3 follow.py --bootstrap localhost:9092 [--book-id ID] [--from-beginning]
"""
import argparse

from confluent_kafka import Consumer

import fablestream_avro


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", default="localhost:9092")
    parser.add_argument("--book-id")
    parser.add_argument("--from-beginning", action="store_true")
    parser.add_argument("--timeout", type=float, default=0, help="stop after this many idle seconds (0: never)")
    args = parser.parse_args()

    schemas = [fablestream_avro.load("BookCompleted"), fablestream_avro.load("BookFailed")]
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": "fablestream-python-follow",
        "isolation.level": "read_committed",
        "auto.offset.reset": "earliest" if args.from_beginning else "latest",
        "enable.auto.commit": False,
    })
    consumer.subscribe(["fablestream.books.completed", "fablestream.books.failed"])
    try:
        while True:
            msg = consumer.poll(args.timeout or 1.0)
            if msg is None:
                if args.timeout:
                    return
                continue
            if msg.error():
                raise SystemExit(str(msg.error()))
            name, book = fablestream_avro.decode(schemas, msg.value())
            if args.book_id and book["bookId"] != args.book_id:
                continue
            if name == "BookCompleted":
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
