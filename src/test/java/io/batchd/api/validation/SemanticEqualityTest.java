package io.batchd.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SemanticEqualityTest {

  @Test
  void absentAndEmptyCollectionsAreEqual() {
    Container a = new ContainerBuilder().withName("c").build();
    Container b = new ContainerBuilder().withName("c").build();
    b.setArgs(null);
    b.setEnv(new ArrayList<>());
    assertThat(SemanticEquality.equal(a, b)).isTrue();
  }

  @Test
  void quantitiesCompareByAmount() {
    assertThat(SemanticEquality.equal(new Quantity("1"), new Quantity("1000m"))).isTrue();
    assertThat(SemanticEquality.equal(new Quantity("1Ki"), new Quantity("1024"))).isTrue();
    assertThat(SemanticEquality.equal(new Quantity("1"), new Quantity("2"))).isFalse();
    Container a =
        new ContainerBuilder()
            .withName("c")
            .withNewResources()
            .addToLimits("cpu", new Quantity("0.5"))
            .endResources()
            .build();
    Container b =
        new ContainerBuilder()
            .withName("c")
            .withNewResources()
            .addToLimits("cpu", new Quantity("500m"))
            .endResources()
            .build();
    assertThat(SemanticEquality.equal(a, b)).isTrue();
  }

  @Test
  void differentValuesDiffer() {
    assertThat(SemanticEquality.equal(Map.of("a", "1"), Map.of("a", "2"))).isFalse();
    assertThat(SemanticEquality.equal(3, null)).isFalse();
    assertThat(SemanticEquality.equal(Map.of(), null)).isTrue();
  }
}
