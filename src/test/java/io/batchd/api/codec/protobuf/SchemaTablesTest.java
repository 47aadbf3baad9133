package io.batchd.api.codec.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.codec.protobuf.Field.Kind;
import io.batchd.api.codec.protobuf.Field.Shape;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Consistency of the hand-written tables, which the compiler cannot check. */
class SchemaTablesTest {
  private static List<MessageSchema> allSchemas() throws IllegalAccessException {
    List<MessageSchema> schemas = new ArrayList<>();
    for (Class<?> tables :
        List.of(
            ScalarMessages.class, MetaV1Schemas.class, CoreV1Schemas.class, BatchV1Schemas.class)) {
      for (java.lang.reflect.Field constant : tables.getDeclaredFields()) {
        if (Modifier.isStatic(constant.getModifiers())
            && constant.getType() == MessageSchema.class) {
          constant.setAccessible(true);
          schemas.add((MessageSchema) constant.get(null));
        }
      }
    }
    return schemas;
  }

  @Test
  void everyMessageFieldRefersToABuiltSchema() throws IllegalAccessException {
    // A reference to a constant declared further down would be null at class initialization.
    List<String> dangling =
        allSchemas().stream()
            .flatMap(s -> s.fields().stream().map(f -> new Object[] {s, f}))
            .filter(p -> ((Field) p[1]).kind() == Kind.MESSAGE && ((Field) p[1]).message() == null)
            .map(p -> p[0] + "." + ((Field) p[1]).number())
            .toList();

    assertThat(allSchemas()).hasSizeGreaterThan(100);
    assertThat(dangling).isEmpty();
  }

  @Test
  void jsonNamesAreUniqueIncludingInlinedFields() throws IllegalAccessException {
    List<String> clashes = new ArrayList<>();
    for (MessageSchema schema : allSchemas()) {
      Set<String> seen = new HashSet<>();
      jsonNames(schema)
          .filter(name -> !seen.add(name))
          .forEach(name -> clashes.add(schema + "." + name));
    }

    assertThat(clashes).isEmpty();
  }

  private static Stream<String> jsonNames(MessageSchema schema) {
    return schema.fields().stream()
        .flatMap(f -> f.shape() == Shape.INLINE ? jsonNames(f.message()) : Stream.of(f.name()));
  }
}
