#!/usr/bin/env python3
"""Submits a picture for a book as an ImageSubmitted in the schema-registry wire format.

  python3 registry_submit.py --bootstrap localhost:9092 --registry http://localhost:8081 cat.png
Prints the bookId. The schema is registered under fablestream.images.submitted-value.
"""
import argparse
import datetime
import mimetypes
import uuid

from confluent_kafka import Producer

import registry_avro

TOPIC = "fablestream.images.submitted"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("image")
    parser.add_argument("--bootstrap", default="localhost:9092")
    parser.add_argument("--registry", default="http://localhost:8081")
    parser.add_argument("--registry-user-info", help="user:password for the registry's basic auth")
    parser.add_argument("--chapters", type=int, default=5)
    parser.add_argument("--arc-length", type=int, default=5)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--title")
    parser.add_argument("--book-id", default=str(uuid.uuid4()))
    args = parser.parse_args()

    serialize = registry_avro.serializer(
        registry_avro.registry_conf(args.registry, args.registry_user_info), "ImageSubmitted")
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
        "requestedBy": "python-registry",
    }
    producer = Producer({"bootstrap.servers": args.bootstrap, "enable.idempotence": True,
                         "message.max.bytes": 33554432})
    value = serialize(TOPIC, registry_avro.with_defaults("ImageSubmitted", record))
    producer.produce(TOPIC, key=args.book_id.encode("utf-8"), value=value)
    if producer.flush(30) != 0:
        raise SystemExit("the request was not delivered within 30 s")
    print(args.book_id)


if __name__ == "__main__":
    main()
