package io.batchd.registry.batch;

import static io.batchd.registry.batch.ValidationCase.row;
import static io.batchd.registry.batch.ValidationCase.rowAfterDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code spec.podFailurePolicy} rules: one row per rule, exact upstream messages. */
class PodFailurePolicyValidationTest {
  private static final String RULE0 = "spec.podFailurePolicy.rules[0]";

  static Stream<ValidationCase> cases() {
    return Stream.of(
        row(
            "at most 20 rules",
            j -> policy(j, Collections.nCopies(21, exitCodes("FailJob", "In", 1))),
            "spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items"),
        row(
            "an action is required",
            j -> policy(j, List.of(exitCodes("", "In", 1))),
            RULE0
                + ".action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]"),
        row(
            "actions are Count, FailIndex, FailJob or Ignore",
            j -> policy(j, List.of(exitCodes("Retry", "In", 1))),
            RULE0
                + ".action: Unsupported value: \"Retry\": supported values: \"Count\","
                + " \"FailIndex\", \"FailJob\", \"Ignore\""),
        row(
            "FailIndex needs backoffLimitPerIndex",
            j -> policy(j, List.of(exitCodes("FailIndex", "In", 1))),
            RULE0
                + ".action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set"),
        row(
            "a rule cannot have both requirements",
            j -> {
              PodFailurePolicyRule r = exitCodes("FailJob", "In", 1);
              r.setOnPodConditions(List.of(condition("DisruptionTarget", "True")));
              policy(j, List.of(r));
            },
            RULE0
                + ": Invalid value: specifying both OnExitCodes and OnPodConditions is not supported"),
        row(
            "a rule needs a requirement",
            j -> policy(j, List.of(new PodFailurePolicyRule("FailJob", null, null))),
            RULE0
                + ": Invalid value: specifying one of OnExitCodes and OnPodConditions is required"),
        row(
            "an exit-code operator is required",
            j -> policy(j, List.of(exitCodes("FailJob", "", 1))),
            RULE0 + ".onExitCodes.operator: Required value: valid values: [\"In\" \"NotIn\"]"),
        row(
            "exit-code operators are In or NotIn",
            j -> policy(j, List.of(exitCodes("FailJob", "Is", 1))),
            RULE0
                + ".onExitCodes.operator: Unsupported value: \"Is\": supported values: \"In\","
                + " \"NotIn\""),
        row(
            "containerName names a container of the template",
            j -> {
              PodFailurePolicyRule r = exitCodes("FailJob", "In", 1);
              r.getOnExitCodes().setContainerName("sidecar");
              policy(j, List.of(r));
            },
            RULE0
                + ".onExitCodes.containerName: Invalid value: \"sidecar\": must be one of the"
                + " container or initContainer names in the pod template"),
        row(
            "exit-code values are required",
            j -> policy(j, List.of(exitCodes("FailJob", "In"))),
            RULE0
                + ".onExitCodes.values: Invalid value: []int32(nil): at least one value is required"),
        row(
            "at most 255 exit-code values",
            j ->
                policy(
                    j,
                    List.of(exitCodes("FailJob", "In", IntStream.rangeClosed(1, 256).toArray()))),
            RULE0 + ".onExitCodes.values: Too many: 256: must have at most 255 items"),
        row(
            "In does not take exit code 0",
            j -> policy(j, List.of(exitCodes("FailJob", "In", 0, 1))),
            RULE0 + ".onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator"),
        row(
            "exit-code values are distinct",
            j -> policy(j, List.of(exitCodes("FailJob", "NotIn", 1, 1))),
            RULE0 + ".onExitCodes.values[1]: Duplicate value: 1"),
        row(
            "exit-code values are ordered",
            j -> policy(j, List.of(exitCodes("FailJob", "NotIn", 2, 1))),
            RULE0 + ".onExitCodes.values: Invalid value: []int32{2, 1}: must be ordered"),
        row(
            "at most 20 condition patterns",
            j -> {
              PodFailurePolicyRule r = new PodFailurePolicyRule("Ignore", null, new ArrayList<>());
              for (int i = 0; i < 21; i++) {
                r.getOnPodConditions().add(condition("Cond" + i, "True"));
              }
              policy(j, List.of(r));
            },
            RULE0 + ".onPodConditions: Too many: 21: must have at most 20 items"),
        row(
            "condition types are qualified names",
            j ->
                policy(
                    j,
                    List.of(
                        new PodFailurePolicyRule(
                            "Ignore", null, List.of(condition("-Bad", "True"))))),
            RULE0
                + ".onPodConditions[0].type: Invalid value: \"-Bad\": name part must consist of"
                + " alphanumeric characters, '-', '_' or '.', and must start and end with an"
                + " alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex"
                + " used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
        row(
            "condition statuses are True, False or Unknown",
            j ->
                policy(
                    j,
                    List.of(
                        new PodFailurePolicyRule(
                            "Ignore", null, List.of(condition("Ready", "Maybe"))))),
            RULE0
                + ".onPodConditions[0].status: Unsupported value: \"Maybe\": supported values:"
                + " \"False\", \"True\", \"Unknown\""),
        rowAfterDefaults(
            "a condition status is required (when not defaulted)",
            j -> {
              policy(
                  j,
                  List.of(
                      new PodFailurePolicyRule("Ignore", null, List.of(condition("Ready", "")))));
              j.getSpec().setPodReplacementPolicy("Failed");
            },
            RULE0
                + ".onPodConditions[0].status: Required value: valid values: [\"False\" \"True\""
                + " \"Unknown\"]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectsWithUpstreamMessage(ValidationCase c) {
    Job job = c.job();
    assertThat(TestJobs.messages(JobValidation.validateCreate(job)))
        .containsExactlyElementsOf(c.expected());
  }

  @Test
  void acceptsFailIndexWithPerIndexBackoffAndInitContainerNames() {
    Job job =
        TestJobs.created(
            j -> {
              JobCreateValidationTest.indexed(j, 4);
              j.getSpec().setBackoffLimitPerIndex(1);
              j.getSpec()
                  .getTemplate()
                  .getSpec()
                  .setInitContainers(List.of(PodTemplateValidationTest.ctr("setup")));
              PodFailurePolicyRule r = exitCodes("FailIndex", "In", 3);
              r.getOnExitCodes().setContainerName("setup");
              policy(j, List.of(r, exitCodes("Count", "NotIn", 0), conditionRule()));
            });
    assertThat(JobValidation.validateCreate(job)).isEmpty();
  }

  private static PodFailurePolicyRule conditionRule() {
    return new PodFailurePolicyRule("Ignore", null, List.of(condition("DisruptionTarget", null)));
  }

  static void policy(Job j, List<PodFailurePolicyRule> rules) {
    j.getSpec().setPodFailurePolicy(new PodFailurePolicy(new ArrayList<>(rules)));
  }

  static PodFailurePolicyRule exitCodes(String action, String operator, int... values) {
    return new PodFailurePolicyRule(
        action,
        new PodFailurePolicyOnExitCodesRequirement(
            null, operator, IntStream.of(values).boxed().toList()),
        null);
  }

  static PodFailurePolicyOnPodConditionsPattern condition(String type, String status) {
    return new PodFailurePolicyOnPodConditionsPattern(status, type);
  }
}
