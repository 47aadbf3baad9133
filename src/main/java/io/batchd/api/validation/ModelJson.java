package io.batchd.api.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;

/** The JSON view of fabric8 model objects that rendering and semantic comparison work on. */
final class ModelJson {
  // Go prints maps with sorted keys; so must every message that renders one.
  private static final JsonMapper PLAIN =
      JsonMapper.builder()
          .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  // Writes every Quantity as its canonical amount so that "1000m" and "1" give equal trees.
  private static final JsonMapper CANONICAL =
      JsonMapper.builder().addMixIn(Quantity.class, CanonicalQuantityMixin.class).build();

  private ModelJson() {}

  /** The tree of {@code value} with quantities written as canonical decimal amounts. */
  static JsonNode canonicalTree(Object value) {
    return CANONICAL.valueToTree(value);
  }

  static String compact(Object value) {
    return PLAIN.writeValueAsString(value);
  }

  /** {@code 1000m} → {@code 1}, {@code 0.5} → {@code 0.5}, {@code 1Ki} → {@code 1024}. */
  static String canonical(Quantity q) {
    try {
      BigDecimal amount = q.getNumericalAmount();
      return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    } catch (RuntimeException e) {
      // An unparseable quantity compares by its text; validation reports it elsewhere.
      return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
    }
  }

  @JsonSerialize(using = CanonicalQuantitySerializer.class)
  private abstract static class CanonicalQuantityMixin {}

  private static final class CanonicalQuantitySerializer extends ValueSerializer<Quantity> {
    @Override
    public void serialize(Quantity value, JsonGenerator gen, SerializationContext ctxt) {
      gen.writeString(canonical(value));
    }
  }
}
