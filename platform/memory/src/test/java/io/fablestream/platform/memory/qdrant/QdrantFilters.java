package io.fablestream.platform.memory.qdrant;

import io.grpc.Status;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.List;
import java.util.Map;

/**
 * Qdrant's filter semantics for the in-process server: {@code must} all, {@code should} at least
 * one, {@code must_not} none; a field condition holds when any of the field's values (a list is its
 * elements) satisfies it; a missing field satisfies nothing.
 */
final class QdrantFilters {
  private QdrantFilters() {}

  static boolean matches(Filter filter, Map<String, Value> payload) {
    return filter.getMustList().stream().allMatch(c -> holds(c, payload))
        && (filter.getShouldCount() == 0
            || filter.getShouldList().stream().anyMatch(c -> holds(c, payload)))
        && filter.getMustNotList().stream().noneMatch(c -> holds(c, payload));
  }

  private static boolean holds(Condition condition, Map<String, Value> payload) {
    return switch (condition.getConditionOneOfCase()) {
      case FIELD -> holds(condition.getField(), payload);
      case FILTER -> matches(condition.getFilter(), payload);
      default -> throw unimplemented(condition.getConditionOneOfCase().name());
    };
  }

  private static boolean holds(FieldCondition field, Map<String, Value> payload) {
    List<Value> values = values(payload.get(field.getKey()));
    if (field.hasMatch()) {
      return values.stream().anyMatch(v -> matches(field.getMatch(), v));
    }
    if (field.hasRange()) {
      return values.stream().anyMatch(v -> within(field.getRange(), v));
    }
    throw unimplemented("field condition " + field);
  }

  private static List<Value> values(Value value) {
    if (value == null) {
      return List.of();
    }
    return value.hasListValue() ? value.getListValue().getValuesList() : List.of(value);
  }

  private static boolean matches(Match match, Value v) {
    return switch (match.getMatchValueCase()) {
      case KEYWORD -> v.hasStringValue() && v.getStringValue().equals(match.getKeyword());
      case INTEGER -> v.hasIntegerValue() && v.getIntegerValue() == match.getInteger();
      case KEYWORDS ->
          v.hasStringValue() && match.getKeywords().getStringsList().contains(v.getStringValue());
      case INTEGERS ->
          v.hasIntegerValue()
              && match.getIntegers().getIntegersList().contains(v.getIntegerValue());
      default -> throw unimplemented("match " + match.getMatchValueCase());
    };
  }

  private static boolean within(Range range, Value v) {
    double x;
    if (v.hasIntegerValue()) {
      x = v.getIntegerValue();
    } else if (v.hasDoubleValue()) {
      x = v.getDoubleValue();
    } else {
      return false;
    }
    return (!range.hasLt() || x < range.getLt())
        && (!range.hasGt() || x > range.getGt())
        && (!range.hasGte() || x >= range.getGte())
        && (!range.hasLte() || x <= range.getLte());
  }

  private static RuntimeException unimplemented(String what) {
    return Status.UNIMPLEMENTED
        .withDescription("this in-process Qdrant does not evaluate " + what)
        .asRuntimeException();
  }
}
