package io.batchd.registry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.FieldError;
import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGateBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The pod strategy on its own: defaults, admission, validation messages, deletion periods. */
class PodStrategyTest {
  private final PodStrategy strategy = new PodStrategy();

  static Pod pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("default")
        .withUid("u")
        .withCreationTimestamp("2024-01-02T03:04:05Z")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("busybox:1.36")
        .endContainer()
        .endSpec()
        .build();
  }

  /** A pod as stored after create. */
  private Pod created(Consumer<Pod> change) {
    Pod pod = pod();
    change.accept(pod);
    strategy.applyDefaults(pod);
    strategy.prepareForCreate(pod);
    return pod;
  }

  private static Pod copy(Pod pod) {
    return Codecs.JSON.convertValue(pod, Pod.class);
  }

  private static List<String> messages(List<FieldError> errors) {
    return errors.stream().map(FieldError::message).toList();
  }

  record Row(String name, Consumer<Pod> change, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> createRules() {
    return Stream.of(
        new Row(
            "ephemeral containers only through their subresource",
            p ->
                p.getSpec()
                    .setEphemeralContainers(
                        List.of(
                            new io.fabric8.kubernetes.api.model.EphemeralContainerBuilder()
                                .withName("debug")
                                .withImage("busybox")
                                .withTerminationMessagePolicy("File")
                                .withImagePullPolicy("Always")
                                .build())),
            "spec.ephemeralContainers: Forbidden: cannot be set on create"),
        new Row(
            "a gated pod cannot name its node",
            p -> {
              p.getSpec().setNodeName("n");
              p.getSpec()
                  .setSchedulingGates(
                      List.of(new PodSchedulingGateBuilder().withName("g").build()));
            },
            "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"),
        new Row(
            "image without surrounding whitespace",
            p -> p.getSpec().getContainers().get(0).setImage(" busybox"),
            "spec.containers[0].image: Invalid value: \" busybox\": must not have leading or trailing"
                + " whitespace"),
        new Row(
            "host network ports are host ports",
            p -> {
              p.getSpec().setHostNetwork(true);
              p.getSpec()
                  .getContainers()
                  .get(0)
                  .setPorts(
                      List.of(
                          new ContainerPortBuilder()
                              .withContainerPort(80)
                              .withHostPort(81)
                              .build()));
            },
            "spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort`"
                + " when `hostNetwork` is true"),
        new Row(
            "the deletion cost is a 32-bit integer",
            p ->
                p.getMetadata()
                    .setAnnotations(Map.of("controller.kubernetes.io/pod-deletion-cost", "x")),
            "metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value:"
                + " \"x\": must be a 32bit integer"),
        new Row(
            "the pod name is a DNS subdomain",
            p -> p.getMetadata().setName("Bad_Name"),
            "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must"
                + " consist of lower case alphanumeric characters, '-' or '.', and must start and end"
                + " with an alphanumeric character (e.g. 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
        new Row(
            "the restart policy is one of three",
            p -> p.getSpec().setRestartPolicy("Sometimes"),
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\","
                + " \"OnFailure\", \"Never\""));
  }

  @ParameterizedTest
  @MethodSource("createRules")
  void createIsValidatedAsUpstream(Row row) {
    Pod pod = created(row.change());

    assertThat(messages(strategy.validateCreate(pod))).contains(row.message());
  }

  @Test
  void aPlainPodIsValid() {
    assertThat(strategy.validateCreate(created(p -> {}))).isEmpty();
  }

  static Stream<Row> updateRules() {
    return Stream.of(
        new Row(
            "containers may not come or go",
            p -> p.getSpec().getContainers().add(p.getSpec().getContainers().get(0)),
            "spec.containers: Forbidden: pod updates may not add or remove containers"),
        new Row(
            "an image may not be emptied",
            p -> p.getSpec().getContainers().get(0).setImage(""),
            "spec.containers[0].image: Required value"),
        new Row(
            "a deadline may not be removed",
            p -> p.getSpec().setActiveDeadlineSeconds(null),
            "spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive"
                + " integer to nil value"),
        new Row(
            "a deadline may not be negative",
            p -> p.getSpec().setActiveDeadlineSeconds(-1L),
            "spec.activeDeadlineSeconds: Invalid value: -1: must be between 0 and 2147483647,"
                + " inclusive"),
        new Row(
            "existing tolerations stay",
            p -> p.getSpec().setTolerations(List.of()),
            "spec.tolerations: Forbidden: existing toleration can not be modified except its"
                + " tolerationSeconds"),
        new Row(
            "scheduling gates may only go",
            p ->
                p.getSpec()
                    .setSchedulingGates(
                        List.of(new PodSchedulingGateBuilder().withName("new").build())),
            "spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new"
                + " scheduling gate 'new'"),
        new Row(
            "the mirror annotation may not be added",
            p -> p.getMetadata().setAnnotations(Map.of("kubernetes.io/config.mirror", "x")),
            "metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not add mirror pod"
                + " annotation"));
  }

  @ParameterizedTest
  @MethodSource("updateRules")
  void updateIsValidatedAsUpstream(Row row) {
    Pod old = created(p -> p.getSpec().setActiveDeadlineSeconds(100L));
    Pod updated = copy(old);
    row.change().accept(updated);
    strategy.applyDefaults(updated);
    strategy.prepareForUpdate(updated, old);

    assertThat(messages(strategy.validateUpdate(updated, old))).contains(row.message());
  }

  @Test
  void allowedUpdatesPass() {
    Pod old = created(p -> p.getSpec().setActiveDeadlineSeconds(100L));
    Pod updated = copy(old);
    updated.getSpec().getContainers().get(0).setImage("busybox:1.37");
    updated.getSpec().setActiveDeadlineSeconds(10L);
    updated
        .getSpec()
        .getTolerations()
        .add(new TolerationBuilder().withKey("k").withOperator("Exists").build());
    updated.getSpec().getTolerations().get(0).setTolerationSeconds(5L);
    updated.getMetadata().setLabels(Map.of("a", "b"));
    strategy.prepareForUpdate(updated, old);

    assertThat(strategy.validateUpdate(updated, old)).isEmpty();
  }

  @Test
  void aNegativeGracePeriodMayBeRaisedToOne() {
    Pod old = created(p -> p.getSpec().setTerminationGracePeriodSeconds(-1L));
    Pod updated = copy(old);
    updated.getSpec().setTerminationGracePeriodSeconds(1L);

    assertThat(strategy.validateUpdate(updated, old)).isEmpty();
  }

  @Test
  void statusUpdatesKeepTheSpecAndRefuseChangingTheQosClass() {
    Pod old = created(p -> {});
    Pod updated = copy(old);
    updated.getSpec().setNodeName("sneaky");
    updated.getStatus().setQosClass("Guaranteed");
    strategy.prepareForStatusUpdate(updated, old);

    assertThat(updated.getSpec().getNodeName()).isNull();
    assertThat(messages(strategy.validateStatusUpdate(updated, old)))
        .containsExactly("status.qosClass: Invalid value: \"Guaranteed\": field is immutable");
  }

  @Test
  void aTerminatedContainerStaysTerminatedUnlessThePodRestartsIt() {
    Pod old = created(p -> p.getSpec().setRestartPolicy("Never"));
    old.getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("main")
                    .withState(
                        new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(0)
                            .endTerminated()
                            .build())
                    .build()));
    Pod updated = copy(old);
    updated
        .getStatus()
        .getContainerStatuses()
        .get(0)
        .setState(new ContainerStateBuilder().withNewRunning().endRunning().build());

    assertThat(messages(strategy.validateStatusUpdate(updated, old)))
        .containsExactly(
            "status.containerStatuses[0].state: Forbidden: may not be transitioned to"
                + " non-terminated state");
  }

  @Test
  void podIpsAreValidAndOnePerFamily() {
    Pod old = created(p -> {});
    Pod updated = copy(old);
    updated
        .getStatus()
        .setPodIPs(
            List.of(
                new PodIPBuilder().withIp("10.0.0.1").build(),
                new PodIPBuilder().withIp("not-an-ip").build()));

    assertThat(messages(strategy.validateStatusUpdate(updated, old)))
        .contains(
            "status.podIPs[1]: Invalid value: \"not-an-ip\": must be a valid IP address, (e.g."
                + " 10.9.8.7 or 2001:db8::ffff)");
  }

  @Test
  void customConditionTypesAreQualifiedNamesReportedUnderMetadataAsUpstream() {
    Pod old = created(p -> {});
    Pod updated = copy(old);
    updated
        .getStatus()
        .setConditions(
            List.of(
                new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                    .withType("bad type")
                    .withStatus("True")
                    .build()));

    assertThat(messages(strategy.validateStatusUpdate(updated, old)))
        .singleElement()
        .asString()
        .startsWith("metadata.conditions[0].Type: Invalid value: \"bad type\"");
  }

  @ParameterizedTest(name = "node={0} phase={1} requested={2} spec={3} -> {4}")
  @CsvSource(
      nullValues = "null",
      value = {
        "n, Running, null, 30, 30",
        "n, Running, 5, 30, 5",
        "n, Running, -3, 30, 1",
        "null, Pending, 5, 30, 0",
        "n, Succeeded, 5, 30, 0",
        "n, Failed, null, 30, 0"
      })
  void deletionGracePeriodsFollowUpstreamsCheckGracefulDelete(
      String node, String phase, Long requested, Long spec, long expected) {
    Pod pod = created(p -> p.getSpec().setTerminationGracePeriodSeconds(spec));
    pod.getSpec().setNodeName(node);
    pod.getStatus().setPhase(phase);

    assertThat(strategy.deletionGracePeriod(pod, requested)).isEqualTo(expected);
  }

  @Test
  void gatedPodsStartWithTheSchedulingGatedCondition() {
    Pod pod =
        created(
            p ->
                p.getSpec()
                    .setSchedulingGates(
                        List.of(new PodSchedulingGateBuilder().withName("g").build())));

    assertThat(pod.getStatus().getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("PodScheduled");
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("SchedulingGated");
            });
  }

  @Test
  void anUnknownPriorityClassIsForbiddenAsTheAdmissionPluginSaysIt() {
    assertThatThrownBy(() -> created(p -> p.getSpec().setPriorityClassName("gold")))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(403);
              assertThat(e.getMessage())
                  .isEqualTo("pods \"p\" is forbidden: no PriorityClass with name gold was found");
            });
    assertThat(
            created(p -> p.getSpec().setPriorityClassName("system-node-critical"))
                .getSpec()
                .getPriority())
        .isEqualTo(2_000_001_000);
  }

  @Test
  void anExistingTolerationOfTheTaintIsKept() {
    Pod pod =
        created(
            p ->
                p.getSpec()
                    .setTolerations(
                        List.of(new TolerationBuilder().withOperator("Exists").build())));

    assertThat(pod.getSpec().getTolerations()).hasSize(1);
  }

  @Test
  void fieldsForSelectorsAreUpstreams() {
    Pod pod = created(p -> {});
    pod.getSpec().setNodeName("n");

    assertThat(strategy.selectableFields(pod))
        .containsEntry("spec.nodeName", "n")
        .containsEntry("spec.restartPolicy", "Always")
        .containsEntry("spec.schedulerName", "default-scheduler")
        .containsEntry("spec.serviceAccountName", "default")
        .containsEntry("spec.hostNetwork", "false")
        .containsEntry("status.phase", "Pending")
        .containsEntry("status.podIP", "")
        .containsEntry("status.nominatedNodeName", "");
    assertThat(strategy.selectableFieldNames()).isEqualTo(strategy.selectableFields(pod).keySet());
  }

  @Test
  void metadataIsLeftAsItIs() {
    ObjectMeta meta = created(p -> {}).getMetadata();
    assertThat(meta.getGeneration()).isNull();
  }
}
