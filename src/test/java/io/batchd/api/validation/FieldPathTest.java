package io.batchd.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldPathTest {
  @Test
  void rendersChildrenIndexesAndKeysAsUpstream() {
    FieldPath p =
        FieldPath.of("spec", "template")
            .child("spec", "containers")
            .index(0)
            .child("resources", "limits")
            .key("cpu");
    assertThat(p).hasToString("spec.template.spec.containers[0].resources.limits[cpu]");
  }

  @Test
  void pathsAreValues() {
    assertThat(FieldPath.of("a").child("b")).isEqualTo(FieldPath.of("a", "b"));
  }
}
