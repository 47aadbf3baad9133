package io.batchd.api.codec.protobuf;

import static io.batchd.api.codec.protobuf.Proto.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.codec.Codecs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OtherKindsTest {
  private static JsonNode json(String text) {
    return Codecs.JSON.readTree(text);
  }

  @Test
  void supportsListsTheCoveredKinds() {
    assertThat(KubernetesProtobuf.supports("batch/v1", "Job")).isTrue();
    assertThat(KubernetesProtobuf.supports("batch/v1", "CronJob")).isTrue();
    assertThat(KubernetesProtobuf.supports("v1", "Namespace")).isTrue();
    assertThat(KubernetesProtobuf.supports("meta.k8s.io/v1", "DeleteOptions")).isTrue();
    assertThat(KubernetesProtobuf.supports("v1", "Pod")).isFalse();
    assertThat(KubernetesProtobuf.supports("batch/v1beta1", "Job")).isFalse();
  }

  @Test
  void anEvictionCarriesItsDeleteOptions() {
    Proto eviction =
        message()
            .message(1, message().string(1, "p").string(3, "default"))
            .message(2, message().varint(1, 0));

    KubernetesProtobuf.Decoded decoded =
        KubernetesProtobuf.decode(Proto.body("policy/v1", "Eviction", eviction));

    assertThat(decoded.object())
        .isEqualTo(
            json(
                """
                {"apiVersion": "policy/v1", "kind": "Eviction",
                 "metadata": {"name": "p", "namespace": "default"},
                 "deleteOptions": {"gracePeriodSeconds": 0}}
                """));
  }

  @Test
  void aBindingNamesItsTarget() {
    Proto binding =
        message()
            .message(1, message().string(1, "p"))
            .message(2, message().string(1, "Node").string(3, "node-a"));

    KubernetesProtobuf.Decoded decoded =
        KubernetesProtobuf.decode(Proto.body("v1", "Binding", binding));

    assertThat(decoded.object().at("/target/name").stringValue()).isEqualTo("node-a");
    assertThat(decoded.object().at("/target/kind").stringValue()).isEqualTo("Node");
  }

  @Test
  void deleteOptionsKeepExplicitZeros() {
    Proto options =
        message()
            .varint(1, 0)
            .message(2, message().string(1, "uid-1").string(2, "7"))
            .bool(3, false)
            .string(4, "Background")
            .string(5, "All");

    KubernetesProtobuf.Decoded decoded =
        KubernetesProtobuf.decode(Proto.body("meta.k8s.io/v1", "DeleteOptions", options));

    assertThat(decoded.object())
        .isEqualTo(
            json(
                """
                {"apiVersion": "meta.k8s.io/v1", "kind": "DeleteOptions",
                 "gracePeriodSeconds": 0,
                 "preconditions": {"uid": "uid-1", "resourceVersion": "7"},
                 "orphanDependents": false, "propagationPolicy": "Background",
                 "dryRun": ["All"]}
                """));
  }

  @Test
  void deleteOptionsMayCarryTheGroupVersionOfTheResource() {
    KubernetesProtobuf.Decoded decoded =
        KubernetesProtobuf.decode(
            Proto.body("batch/v1", "DeleteOptions", message().string(4, "Foreground")));

    assertThat(decoded.object().get("apiVersion").stringValue()).isEqualTo("batch/v1");
    assertThat(decoded.object().get("propagationPolicy").stringValue()).isEqualTo("Foreground");
  }

  @Test
  void cronJob() {
    Proto cronJob =
        message()
            .message(1, message().string(1, "nightly").message(8, message()))
            .message(
                2,
                message()
                    .string(1, "0 3 * * *")
                    .string(8, "Europe/Paris")
                    .string(3, "Forbid")
                    .bool(4, false)
                    .message(
                        5,
                        message()
                            .message(1, message().message(8, message()))
                            .message(
                                2,
                                message()
                                    .varint(7, 2)
                                    .message(
                                        6,
                                        message()
                                            .message(
                                                2,
                                                message()
                                                    .message(
                                                        2,
                                                        message()
                                                            .string(1, "report")
                                                            .string(2, "busybox"))
                                                    .string(3, "OnFailure")))))
                    .varint(6, 3)
                    .varint(7, 1))
            .message(3, message());

    JsonNode object =
        KubernetesProtobuf.decode(Proto.body("batch/v1", "CronJob", cronJob)).object();

    assertThat(object)
        .isEqualTo(
            json(
                """
                {"apiVersion": "batch/v1", "kind": "CronJob",
                 "metadata": {"name": "nightly", "creationTimestamp": null},
                 "spec": {"schedule": "0 3 * * *", "timeZone": "Europe/Paris",
                   "concurrencyPolicy": "Forbid", "suspend": false,
                   "jobTemplate": {"metadata": {"creationTimestamp": null},
                     "spec": {"backoffLimit": 2, "template": {"spec": {
                       "containers": [{"name": "report", "image": "busybox"}],
                       "restartPolicy": "OnFailure"}}}},
                   "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1},
                 "status": {}}
                """));
  }

  @Test
  void skippedFieldsCarryTheirJsonPath() {
    Proto container = message().string(1, "main").varint(99, 1);
    Proto volume = message().string(1, "disk").message(2, message().message(3, message()));
    Proto requirement = message().string(1, "zone").string(2, "In").string(3, "a");
    Proto nodeSelector = message().message(1, message().message(1, requirement));
    Proto affinity = message().message(1, message().message(1, nodeSelector));
    Proto podSpec = message().message(1, volume).message(2, container).message(18, affinity);
    Proto job =
        message()
            .message(1, message().string(1, "pi").string(15, "old-cluster-name"))
            .message(2, message().message(6, message().message(2, podSpec)));

    KubernetesProtobuf.Decoded decoded =
        KubernetesProtobuf.decode(Proto.body("batch/v1", "Job", job));

    assertThat(decoded.skippedFields())
        .containsExactly(
            "metadata: unknown field number 15 of ObjectMeta",
            "spec.template.spec.volumes[0].gcePersistentDisk: not decoded from protobuf",
            "spec.template.spec.containers[0]: unknown field number 99 of Container");
    JsonNode pod = decoded.object().at("/spec/template/spec");
    assertThat(pod.get("volumes")).isEqualTo(json("[{\"name\": \"disk\"}]"));
    assertThat(pod.get("containers")).isEqualTo(json("[{\"name\": \"main\"}]"));
    assertThat(pod.get("affinity"))
        .isEqualTo(
            json(
                """
                {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
                  {"nodeSelectorTerms": [{"matchExpressions":
                    [{"key": "zone", "operator": "In", "values": ["a"]}]}]}}}
                """));
  }
}
