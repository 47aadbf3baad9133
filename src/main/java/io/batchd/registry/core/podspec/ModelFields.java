package io.batchd.registry.core.podspec;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/** The fields a fabric8 model object would write as JSON, for rules about which are set. */
final class ModelFields {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private ModelFields() {}

  /** The names of the non-null fields of {@code value}. */
  static Set<String> setFields(Object value) {
    Map<?, ?> fields = MAPPER.convertValue(value, Map.class);
    return fields.entrySet().stream()
        .filter(e -> e.getValue() != null)
        .map(e -> e.getKey().toString())
        .collect(Collectors.toSet());
  }
}
