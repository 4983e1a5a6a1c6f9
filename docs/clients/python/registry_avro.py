"""Fablestream's events in the schema-registry wire format, for Python.

A value is byte 0, the schema's 4-byte big-endian registry id, then the Avro binary body, under
the subject <topic>-value: what confluent-kafka's AvroSerializer writes and AvroDeserializer
reads. Run the line with serde.format=registry and schema.registry.url to have it write so; it
reads both formats on its input topics whatever the setting.

Needs confluent-kafka with its schema-registry extra (pip install "confluent-kafka[avro]", which
brings fastavro). Debian bookworm's python3-confluent-kafka 1.7 has no fastavro; there the same
wire format is written and read with that package's older MessageSerializer over python3-avro.
"""
import json
import os

from confluent_kafka.serialization import MessageField, SerializationContext

SCHEMA_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "schemas")


def schema_str(name, schema_dir=SCHEMA_DIR):
    """The self-contained schema of one event, e.g. schema_str("ImageSubmitted")."""
    with open(os.path.join(schema_dir, name + ".avsc"), encoding="utf-8") as f:
        return json.dumps(json.load(f))


def registry_conf(url, user_info=None):
    """The registry client's settings: its URL and, if given, basic auth as user:password."""
    conf = {"url": url}
    if user_info:
        conf["basic.auth.user.info"] = user_info
    return conf


try:
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer

    def serializer(conf, name):
        """Writes one event type; registers its schema under <topic>-value on first use."""
        avro_serializer = AvroSerializer(SchemaRegistryClient(dict(conf)), schema_str(name))
        return lambda topic, record: avro_serializer(
            record, SerializationContext(topic, MessageField.VALUE))

    def deserializer(conf, name):
        """Reads one event type, whichever registered version of its schema wrote it."""
        avro_deserializer = AvroDeserializer(SchemaRegistryClient(dict(conf)), schema_str(name))
        return lambda topic, value: avro_deserializer(
            value, SerializationContext(topic, MessageField.VALUE))

except ImportError:  # no fastavro: confluent-kafka 1.7's MessageSerializer, same wire format
    import avro.schema
    from confluent_kafka.avro import CachedSchemaRegistryClient
    from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

    def serializer(conf, name):
        messages = MessageSerializer(CachedSchemaRegistryClient(dict(conf)))
        schema = avro.schema.parse(schema_str(name))
        return lambda topic, record: messages.encode_record_with_schema(topic, schema, record)

    def deserializer(conf, name):
        messages = MessageSerializer(
            CachedSchemaRegistryClient(dict(conf)), reader_value_schema=avro.schema.parse(schema_str(name)))
        return lambda topic, value: messages.decode_message(value)
