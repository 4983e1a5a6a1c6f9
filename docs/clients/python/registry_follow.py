#!/usr/bin/env python3
"""Prints finished and failed books written in the schema-registry wire format.

  python3 registry_follow.py --bootstrap localhost:9092 --registry http://localhost:8081 \
      [--book-id ID] [--from-beginning] [--timeout SECONDS]
The line must run with serde.format=registry (its records then start with byte 0).
"""
import book_clients
import registry_avro
from book_clients import COMPLETED, FAILED


def main():
    args = book_clients.follow_arguments(__doc__, registry=True)
    conf = registry_avro.registry_conf(args.registry, args.registry_user_info)
    readers = {COMPLETED: registry_avro.deserializer(conf, "BookCompleted"),
               FAILED: registry_avro.deserializer(conf, "BookFailed")}

    def read(msg):
        return msg.topic() == COMPLETED, readers[msg.topic()](msg.topic(), msg.value())

    book_clients.print_books(args, "fablestream-python-registry-follow", read)


if __name__ == "__main__":
    main()
