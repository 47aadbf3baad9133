package io.batchd.api.codec.protobuf;

import static io.batchd.api.codec.protobuf.Proto.message;
import static io.batchd.api.codec.protobuf.Proto.time;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.codec.Codecs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NamespaceDecodingTest {
  private static JsonNode json(String text) {
    return Codecs.JSON.readTree(text);
  }

  @Test
  void aNamespaceAsKubectlCreateWritesIt() {
    // Every Go value field is on the wire, zero or not; only the name was set.
    Proto namespace =
        message()
            .message(
                1,
                message()
                    .string(1, "demo")
                    .string(2, "")
                    .string(3, "")
                    .string(4, "")
                    .string(5, "")
                    .string(6, "")
                    .varint(7, 0)
                    .message(8, message()))
            .message(2, message())
            .message(3, message().string(1, ""));

    KubernetesProtobuf.Decoded decoded =
        KubernetesProtobuf.decode(Proto.body("v1", "Namespace", namespace));

    assertThat(decoded.apiVersion()).isEqualTo("v1");
    assertThat(decoded.kind()).isEqualTo("Namespace");
    assertThat(decoded.object())
        .isEqualTo(
            json(
                """
                {"apiVersion": "v1", "kind": "Namespace",
                 "metadata": {"name": "demo", "creationTimestamp": null},
                 "spec": {}, "status": {}}
                """));
    assertThat(decoded.skippedFields()).isEmpty();
  }

  @Test
  void aNamespaceWithEveryField() {
    Proto namespace =
        message()
            .message(
                1,
                message()
                    .string(1, "team-a")
                    .string(5, "0b5c5a9e-uid")
                    .string(6, "42")
                    .varint(7, 3)
                    .message(8, time(1795428000L, 0))
                    .message(9, time(1795428060L, 0))
                    .varint(10, 0)
                    .entry(11, "team", "a")
                    .entry(12, "owner", "ops@example.com")
                    .string(14, "example.com/keep"))
            .message(2, message().string(1, "kubernetes"))
            .message(
                3,
                message()
                    .string(1, "Terminating")
                    .message(
                        2,
                        message()
                            .string(1, "NamespaceDeletionContentFailure")
                            .string(2, "False")
                            .message(4, time(1795428030L, 0))
                            .string(5, "ContentDeleted")
                            .string(6, "All content successfully deleted")));

    JsonNode ns = KubernetesProtobuf.decode(Proto.body("v1", "Namespace", namespace)).object();

    assertThat(ns.get("metadata"))
        .isEqualTo(
            json(
                """
                {"name": "team-a", "uid": "0b5c5a9e-uid", "resourceVersion": "42",
                 "generation": 3,
                 "creationTimestamp": "2026-11-23T10:00:00Z",
                 "deletionTimestamp": "2026-11-23T10:01:00Z",
                 "deletionGracePeriodSeconds": 0,
                 "labels": {"team": "a"}, "annotations": {"owner": "ops@example.com"},
                 "finalizers": ["example.com/keep"]}
                """));
    assertThat(ns.get("spec")).isEqualTo(json("{\"finalizers\": [\"kubernetes\"]}"));
    assertThat(ns.get("status"))
        .isEqualTo(
            json(
                """
                {"phase": "Terminating", "conditions": [
                  {"type": "NamespaceDeletionContentFailure", "status": "False",
                   "lastTransitionTime": "2026-11-23T10:00:30Z", "reason": "ContentDeleted",
                   "message": "All content successfully deleted"}]}
                """));
  }
}
