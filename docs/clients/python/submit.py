#!/usr/bin/env python3
"""Submits a picture for a book by producing an ImageSubmitted to Fablestream's topic.

  python3 submit.py --bootstrap localhost:9092 cat.png [--chapters 3] [--title "The Cat"]
Prints the bookId.
"""
import book_clients
import fablestream_avro


def main():
    args = book_clients.submit_arguments(__doc__)
    schema = fablestream_avro.load("ImageSubmitted")
    record = book_clients.image_request(args, "python")
    book_clients.produce(args.bootstrap, book_clients.IMAGES_SUBMITTED, args.book_id,
                         fablestream_avro.encode(schema, record))
    print(args.book_id)


if __name__ == "__main__":
    main()
