"""Fablestream's wire format for Python: Avro single-object encoding.

A value is the two bytes C3 01, the writer schema's CRC-64-AVRO fingerprint (8 bytes,
little-endian), then the Avro binary body. Works with Debian's python3-avro (1.11).
"""
import io
import json
import os
import struct

import avro.io
import avro.schema

SCHEMA_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "schemas")
MAGIC = b"\xc3\x01"
_EMPTY = 0xC15D213AA4D7A795
_MASK = 0xFFFFFFFFFFFFFFFF


def _table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (_EMPTY & -(fp & 1) & _MASK)
        table.append(fp & _MASK)
    return table


_TABLE = _table()


_PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def _full(name, namespace):
    return name if "." in name or not namespace else namespace + "." + name


def canonical_form(node, namespace="", seen=None):
    """The Parsing Canonical Form of a schema's JSON, as the Avro spec defines it.

    Written out here because python3-avro 1.11's own canonical_form keeps logical types and
    one-key objects such as {"type": "string"}, which gives other fingerprints than Java's.
    """
    seen = set() if seen is None else seen
    if isinstance(node, str):
        return json.dumps(node if node in _PRIMITIVES else _full(node, namespace))
    if isinstance(node, list):
        return "[" + ",".join(canonical_form(n, namespace, seen) for n in node) + "]"
    kind = node["type"]
    if not isinstance(kind, str) or (kind not in _PRIMITIVES and kind not in
                                     ("record", "error", "enum", "fixed", "array", "map")):
        return canonical_form(kind, namespace, seen)
    if kind in _PRIMITIVES:
        return json.dumps(kind)
    if kind == "array":
        return '{"type":"array","items":' + canonical_form(node["items"], namespace, seen) + "}"
    if kind == "map":
        return '{"type":"map","values":' + canonical_form(node["values"], namespace, seen) + "}"
    full = _full(node["name"], node.get("namespace", namespace))
    if full in seen:
        return json.dumps(full)
    seen.add(full)
    inner = full.rsplit(".", 1)[0] if "." in full else ""
    out = '{"name":' + json.dumps(full) + ',"type":' + json.dumps(kind)
    if kind in ("record", "error"):
        fields = ['{"name":' + json.dumps(f["name"]) + ',"type":' + canonical_form(f["type"], inner, seen) + "}"
                  for f in node["fields"]]
        out += ',"fields":[' + ",".join(fields) + "]"
    elif kind == "enum":
        out += ',"symbols":' + json.dumps(node["symbols"], separators=(",", ":"))
    else:
        out += ',"size":' + str(node["size"])
    return out + "}"


def fingerprint(schema):
    """CRC-64-AVRO of the schema's Parsing Canonical Form: the id single-object encoding carries."""
    fp = _EMPTY
    for byte in canonical_form(json.loads(str(schema))).encode("utf-8"):
        fp = (fp >> 8) ^ _TABLE[(fp ^ byte) & 0xFF]
    return fp & _MASK


def load(name, schema_dir=SCHEMA_DIR):
    """The self-contained schema of one event, e.g. load("BookCompleted")."""
    with open(os.path.join(schema_dir, name + ".avsc"), encoding="utf-8") as f:
        return avro.schema.parse(f.read())


def encode(schema, record):
    out = io.BytesIO()
    out.write(MAGIC)
    out.write(struct.pack("<Q", fingerprint(schema)))
    avro.io.DatumWriter(schema).write(record, avro.io.BinaryEncoder(out))
    return out.getvalue()


def decode(schemas, value):
    """Decodes a value with whichever of the given schemas wrote it (by fingerprint)."""
    if value[:2] != MAGIC:
        raise ValueError("not Avro single-object encoded: starts with %r" % value[:2])
    (fp,) = struct.unpack("<Q", value[2:10])
    by_fp = {fingerprint(s): s for s in schemas}
    if fp not in by_fp:
        raise ValueError("unknown schema fingerprint %016x" % fp)
    schema = by_fp[fp]
    return schema.name, avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))
