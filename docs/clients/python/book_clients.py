"""What the Python clients share, whatever their wire format: the command line, the request for a
book, a producer that waits for delivery, and the loop that prints finished and failed books.

submit.py and follow.py write and read Avro single-object encoding (fablestream_avro.py);
registry_submit.py and registry_follow.py the schema-registry wire format (registry_avro.py).
"""
import argparse
import datetime
import json
import mimetypes
import os
import uuid

from confluent_kafka import Consumer, Producer

IMAGES_SUBMITTED = "fablestream.images.submitted"
COMPLETED = "fablestream.books.completed"
FAILED = "fablestream.books.failed"
SCHEMA_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "schemas")


def _cluster_arguments(parser, registry):
    parser.add_argument("--bootstrap", default="localhost:9092")
    if registry:
        parser.add_argument("--registry", default="http://localhost:8081")
        parser.add_argument("--registry-user-info", help="user:password for the registry's basic auth")


def submit_arguments(doc, registry=False):
    """The arguments of a submit script: the picture, the cluster (and registry), the book's shape."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("image")
    _cluster_arguments(parser, registry)
    parser.add_argument("--chapters", type=int, default=5)
    parser.add_argument("--arc-length", type=int, default=5)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--title")
    parser.add_argument("--book-id", default=str(uuid.uuid4()))
    return parser.parse_args()


def follow_arguments(doc, registry=False):
    """The arguments of a follow script: the cluster (and registry), which book, how long."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    _cluster_arguments(parser, registry)
    parser.add_argument("--book-id")
    parser.add_argument("--from-beginning", action="store_true")
    parser.add_argument("--timeout", type=float, default=0, help="stop after this many idle seconds (0: never)")
    return parser.parse_args()


def with_defaults(name, record, schema_dir=SCHEMA_DIR):
    """The record with every field it leaves out set to the schema's default (python3-avro
    writes no field it is not given), so a producer names only what it means."""
    with open(os.path.join(schema_dir, name + ".avsc"), encoding="utf-8") as f:
        fields = json.load(f)["fields"]
    full = dict(record)
    for field in fields:
        if field["name"] not in full and "default" in field:
            full[field["name"]] = field["default"]
    return full


def image_request(args, requested_by):
    """The ImageSubmitted record for the picture and the book's shape the arguments give, with
    the schema's defaults for the rest (language, reviewPlan)."""
    with open(args.image, "rb") as f:
        data = f.read()
    return with_defaults("ImageSubmitted", {
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
        "requestedBy": requested_by,
    })


def produce(bootstrap, topic, key, value):
    """Produces one record, idempotently, and returns once the broker has it (30 s at most)."""
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True,
                         "message.max.bytes": 33554432})
    producer.produce(topic, key=key.encode("utf-8"), value=value)
    if producer.flush(30) != 0:
        raise SystemExit("the request was not delivered within 30 s")


def print_books(args, group, read):
    """Prints each finished and failed book (or only args.book_id's) as it is published.

    read(msg) gives (completed, book): whether the message is a BookCompleted, and the book as a
    dict. With args.timeout, stops after that many idle seconds; with args.book_id, after its book.
    """
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": group,
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
            completed, book = read(msg)
            if args.book_id and book["bookId"] != args.book_id:
                continue
            if completed:
                print("COMPLETED %s %r: %d chapters" % (book["bookId"], book["title"], len(book["chapters"])))
                for chapter in book["chapters"]:
                    print("  %d. %s (%d words)" % (chapter["number"], chapter["title"], chapter["wordCount"]))
            else:
                print("FAILED %s %s/%s: %s" % (book["bookId"], book["stage"], book["reason"], book["message"]))
            if args.book_id:
                return
    finally:
        consumer.close()
