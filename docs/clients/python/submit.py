#!/usr/bin/env python3
"""Submits a picture for a book by producing an ImageSubmitted to Fablestream's topic.

  python3 submit.py --bootstrap localhost:9092 cat.png [--chapters 3] [--title "The Cat"]
Prints the bookId.
"""
import argparse
import datetime
import mimetypes
import uuid

from confluent_kafka import Producer

import fablestream_avro


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("image")
    parser.add_argument("--bootstrap", default="localhost:9092")
    parser.add_argument("--chapters", type=int, default=5)
    parser.add_argument("--arc-length", type=int, default=5)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--title")
    parser.add_argument("--book-id", default=str(uuid.uuid4()))
    args = parser.parse_args()

    schema = fablestream_avro.load("ImageSubmitted")
    with open(args.image, "rb") as f:
        data = f.read()
    record = {
        "bookId": args.book_id,
        "submittedAt": datetime.datetime.now(datetime.timezone.utc),
        "image": {
            "contentType": mimetypes.guess_type(args.image)[0] or "application/octet-stream",
            "data": data,
            "uri": None,
        },
        "title": args.title,
        "chapterCount": args.chapters,
        "arcLength": args.arc_length,
        "wordsPerChapter": args.words,
        "requestedBy": "python",
    }
    producer = Producer({"bootstrap.servers": args.bootstrap, "enable.idempotence": True,
                         "message.max.bytes": 33554432})
    producer.produce("fablestream.images.submitted", key=args.book_id.encode("utf-8"),
                     value=fablestream_avro.encode(schema, record))
    if producer.flush(30) != 0:
        raise SystemExit("the request was not delivered within 30 s")
    print(args.book_id)


if __name__ == "__main__":
    main()
