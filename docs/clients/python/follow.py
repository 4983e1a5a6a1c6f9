#!/usr/bin/env python3
"""Prints finished and failed books as they are published.

  python3 follow.py --bootstrap localhost:9092 [--book-id ID] [--from-beginning]
"""
import book_clients
import fablestream_avro


def main():
    args = book_clients.follow_arguments(__doc__)
    schemas = [fablestream_avro.load("BookCompleted"), fablestream_avro.load("BookFailed")]

    def read(msg):
        name, book = fablestream_avro.decode(schemas, msg.value())
        return name == "BookCompleted", book

    book_clients.print_books(args, "fablestream-python-follow", read)


if __name__ == "__main__":
    main()
