#!/usr/bin/env python3
"""Submits a picture for a book as an ImageSubmitted in the schema-registry wire format.

  python3 registry_submit.py --bootstrap localhost:9092 --registry http://localhost:8081 cat.png
Prints the bookId. The schema is registered under fablestream.images.submitted-value.
"""
import book_clients
import registry_avro
from book_clients import IMAGES_SUBMITTED


def main():
    args = book_clients.submit_arguments(__doc__, registry=True)
    serialize = registry_avro.serializer(
        registry_avro.registry_conf(args.registry, args.registry_user_info), "ImageSubmitted")
    record = book_clients.image_request(args, "python-registry")
    value = serialize(IMAGES_SUBMITTED, record)
    book_clients.produce(args.bootstrap, IMAGES_SUBMITTED, args.book_id, value)
    print(args.book_id)


if __name__ == "__main__":
    main()
