package io.batchd.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.api.codec.Codecs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class FieldSetTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static PathElement f(String name) {
    return PathElement.field(name);
  }

  private static FieldPath path(PathElement... elements) {
    return new FieldPath(List.of(elements));
  }

  private static PathElement key(String name, JsonNode value) {
    return PathElement.key(List.of(Map.entry(name, value)));
  }

  @Test
  void fieldsV1PutsMembersBeforeChildrenInElementOrderAndTheDotLast() {
    FieldSet set =
        FieldSet.of(
            path(f("spec"), f("replicas")),
            path(f("metadata"), f("labels")),
            path(f("metadata"), f("labels"), f("app")),
            path(f("spec"), f("containers"), key("name", NODES.stringNode("b"))),
            path(f("spec"), f("containers"), key("name", NODES.stringNode("a"))),
            path(f("spec"), f("containers"), key("name", NODES.stringNode("a")), f("image")),
            path(f("metadata"), f("finalizers"), new PathElement.Value(NODES.stringNode("x"))));

    assertThat(Codecs.JSON.writeValueAsString(set.toFieldsV1()))
        .isEqualTo(
            "{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"x\\\"\":{}},"
                + "\"f:labels\":{\"f:app\":{},\".\":{}}},"
                + "\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"a\\\"}\":{\"f:image\":{},"
                + "\".\":{}},\"k:{\\\"name\\\":\\\"b\\\"}\":{}},\"f:replicas\":{}}}");
  }

  @Test
  void keysSortTheirFieldsByName() {
    PathElement port =
        PathElement.key(
            List.of(
                Map.entry("protocol", NODES.stringNode("TCP")),
                Map.entry("containerPort", NODES.numberNode(80))));

    assertThat(port.serialize()).isEqualTo("k:{\"containerPort\":80,\"protocol\":\"TCP\"}");
    assertThat(port.display()).isEqualTo("[containerPort=80,protocol=\"TCP\"]");
  }

  @Test
  void readingFieldsV1GivesBackTheSameSet() {
    FieldSet set =
        FieldSet.of(
            path(f("a")),
            path(f("b"), f("c")),
            path(f("b")),
            path(f("d"), key("name", NODES.stringNode("x")), f("e")),
            path(f("d"), new PathElement.Value(NODES.numberNode(3))));
    Map<?, ?> json = Codecs.JSON.convertValue(set.toFieldsV1(), Map.class);

    FieldSet read = FieldSet.fromFieldsV1(json);

    assertThat(read).isEqualTo(set);
    assertThat(read.has(path(f("b")))).isTrue();
    assertThat(read.has(path(f("d")))).isFalse();
  }

  @Test
  void unknownElementKindsAreSkippedAndMalformedOnesRefused() {
    assertThat(FieldSet.fromFieldsV1(Map.of("x:new", Map.of(), "f:a", Map.of())))
        .isEqualTo(FieldSet.of(path(f("a"))));
    assertThatThrownBy(() -> FieldSet.fromFieldsV1(Map.of("k:{not json", Map.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldSet.fromFieldsV1(Map.of("f:a", "b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void setOperationsWorkLevelByLevel() {
    FieldSet a = FieldSet.of(path(f("x")), path(f("y"), f("z")), path(f("y"), f("w")));
    FieldSet b = FieldSet.of(path(f("y"), f("z")), path(f("q")));

    assertThat(a.union(b).paths().toString()).isEqualTo("[.q, .x, .y.w, .y.z]");
    assertThat(a.intersection(b).paths().toString()).isEqualTo("[.y.z]");
    assertThat(a.difference(b).paths().toString()).isEqualTo("[.x, .y.w]");
    assertThat(a.recursiveDifference(FieldSet.of(path(f("y")))).paths().toString())
        .isEqualTo("[.x]");
    assertThat(a.difference(FieldSet.of(path(f("y")))).paths().toString())
        .as("a plain difference keeps what is below a removed member")
        .isEqualTo("[.x, .y.w, .y.z]");
  }

  @Test
  void pathsPrintAsConflictMessagesPrintThem() {
    FieldPath p =
        path(
            f("spec"),
            f("containers"),
            key("name", NODES.stringNode("a\"b")),
            f("args"),
            new PathElement.Value(NODES.booleanNode(true)),
            new PathElement.Index(2));

    assertThat(p).hasToString(".spec.containers[name=\"a\\\"b\"].args[=true][2]");
  }

  @Test
  void elementsOrderAsStructuredMergeDiffOrdersThem() {
    assertThat(f("a").compareTo(key("n", NODES.stringNode("a")))).isNegative();
    assertThat(
            new PathElement.Value(NODES.numberNode(1.5))
                .compareTo(new PathElement.Value(NODES.numberNode(2))))
        .isNegative();
    assertThat(
            new PathElement.Value(NODES.numberNode(1))
                .compareTo(new PathElement.Value(NODES.numberNode(1.0))))
        .isZero();
    assertThat(
            new PathElement.Value(NODES.numberNode(5))
                .compareTo(new PathElement.Value(NODES.stringNode("1"))))
        .as("numbers before strings")
        .isNegative();
  }
}
