package io.batchd.registry.batch;

import static io.batchd.registry.batch.JobCreateValidationTest.container;
import static io.batchd.registry.batch.JobCreateValidationTest.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.validation.GoValues;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What may and may not change in a Job after creation. */
class JobUpdateValidationTest {

  record UpdateCase(
      String name, Consumer<Job> stored, Consumer<Job> change, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static UpdateCase rejected(String name, Consumer<Job> change, String... expected) {
    return new UpdateCase(name, j -> {}, change, List.of(expected));
  }

  static UpdateCase rejected(
      String name, Consumer<Job> stored, Consumer<Job> change, String... expected) {
    return new UpdateCase(name, stored, change, List.of(expected));
  }

  static UpdateCase allowed(String name, Consumer<Job> stored, Consumer<Job> change) {
    return new UpdateCase(name, stored, change, List.of());
  }

  static Stream<UpdateCase> cases() {
    return Stream.of(
        rejected(
            "the selector is immutable",
            j -> j.getSpec().getSelector().getMatchLabels().put("extra", "x"),
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string"
                + "{\"batch.kubernetes.io/controller-uid\":\"1a2b3c\", \"extra\":\"x\"},"
                + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not"
                + " auto-generated",
            "spec.template.metadata.labels: Invalid value: map[string]string"
                + "{\"batch.kubernetes.io/controller-uid\":\"1a2b3c\","
                + " \"batch.kubernetes.io/job-name\":\"myjob\", \"controller-uid\":\"1a2b3c\","
                + " \"job-name\":\"myjob\"}: `selector` does not match template `labels`",
            "spec.template.metadata.labels: Invalid value: map[string]string"
                + "{\"batch.kubernetes.io/controller-uid\":\"1a2b3c\","
                + " \"batch.kubernetes.io/job-name\":\"myjob\", \"controller-uid\":\"1a2b3c\","
                + " \"job-name\":\"myjob\"}: `selector` does not match template `labels`",
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string"
                + "{\"batch.kubernetes.io/controller-uid\":\"1a2b3c\", \"extra\":\"x\"},"
                + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"),
        rejected(
            "completions of a NonIndexed Job are immutable",
            j -> j.getSpec().setCompletions(3),
            "spec.completions: Invalid value: 3: field is immutable"),
        rejected(
            "an Indexed Job's completions change only together with parallelism",
            j -> indexed(j, 4, 4),
            j -> j.getSpec().setCompletions(6),
            "spec.completions: Invalid value: 6: can only be modified in tandem with"
                + " spec.parallelism"),
        allowed(
            "an elastic Indexed Job scales completions with parallelism",
            j -> indexed(j, 4, 4),
            j -> {
              j.getSpec().setCompletions(6);
              j.getSpec().setParallelism(6);
            }),
        rejected(
            "completionMode is immutable",
            j -> j.getSpec().setCompletionMode("Indexed"),
            "spec.completionMode: Invalid value: \"Indexed\": field is immutable"),
        rejected(
            "podFailurePolicy is immutable",
            j -> {
              j.getSpec().setPodFailurePolicy(JobCreateValidationTest.failJobOnExitCode(3));
              j.getSpec().setPodReplacementPolicy("Failed");
            },
            "spec.podFailurePolicy: Invalid value: {\"rules\":[{\"action\":\"FailJob\","
                + "\"onExitCodes\":{\"operator\":\"In\",\"values\":[3]}}]}: field is immutable"),
        rejected(
            "backoffLimitPerIndex is immutable",
            j -> indexed(j, 4, 2),
            j -> j.getSpec().setBackoffLimitPerIndex(2),
            "spec.backoffLimitPerIndex: Invalid value: 2: field is immutable"),
        rejected(
            "managedBy is immutable",
            j -> j.getSpec().setManagedBy("example.com/queue"),
            "spec.managedBy: Invalid value: \"example.com/queue\": field is immutable"),
        rejected(
            "managedBy cannot be removed",
            j -> j.getSpec().setManagedBy("example.com/queue"),
            j -> j.getSpec().setManagedBy(null),
            "spec.managedBy: Invalid value: \"null\": field is immutable"),
        rejected(
            "successPolicy is immutable",
            j -> indexed(j, 4, 2),
            j ->
                j.getSpec()
                    .setSuccessPolicy(new SuccessPolicy(List.of(new SuccessPolicyRule(1, null)))),
            "spec.successPolicy: Invalid value: {\"rules\":[{\"succeededCount\":1}]}: field is"
                + " immutable"),
        rejected(
            "the template is immutable",
            j -> container(j).setImage("busybox:1.37"),
            "spec.template: Invalid value: "
                + templateJsonWithImage("busybox:1.37")
                + ": field is immutable"),
        rejected(
            "a running Job's scheduling directives are immutable",
            j -> {},
            j -> podSpec(j).setNodeSelector(Map.of("zone", "a")),
            "spec.template: Invalid value: "
                + templateJson(j -> podSpec(j).setNodeSelector(Map.of("zone", "a")))
                + ": field is immutable"),
        allowed(
            "a suspended, never started Job may change its scheduling directives",
            j -> {
              j.getSpec().setSuspend(true);
              j.setStatus(null);
            },
            j -> {
              podSpec(j).setNodeSelector(Map.of("zone", "a"));
              podSpec(j)
                  .setTolerations(List.of(new Toleration("NoSchedule", "k", "Exists", null, null)));
              podSpec(j).setSchedulingGates(List.of(new PodSchedulingGate("example.com/q")));
              podSpec(j)
                  .setAffinity(
                      new AffinityBuilder()
                          .withNewNodeAffinity()
                          .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                          .addNewNodeSelectorTerm()
                          .addNewMatchExpression()
                          .withKey("zone")
                          .withOperator("In")
                          .withValues("a")
                          .endMatchExpression()
                          .endNodeSelectorTerm()
                          .endRequiredDuringSchedulingIgnoredDuringExecution()
                          .endNodeAffinity()
                          .build());
              j.getSpec().getTemplate().getMetadata().getLabels().put("queue", "q1");
              j.getSpec().getTemplate().getMetadata().setAnnotations(Map.of("note", "placed"));
            }),
        rejected(
            "a suspended Job that has started keeps its scheduling directives",
            j -> {
              j.getSpec().setSuspend(true);
              JobStatus s = new JobStatus();
              s.setStartTime("2024-01-01T00:00:00Z");
              j.setStatus(s);
            },
            j -> podSpec(j).setNodeSelector(Map.of("zone", "a")),
            "spec.template: Invalid value: "
                + templateJson(j -> podSpec(j).setNodeSelector(Map.of("zone", "a")))
                + ": field is immutable"),
        rejected(
            "a suspended, never started Job still keeps its containers",
            j -> j.getSpec().setSuspend(true),
            j -> container(j).setImage("busybox:1.37"),
            "spec.template: Invalid value: "
                + templateJsonWithImage("busybox:1.37")
                + ": field is immutable"),
        allowed(
            "quantities compare by amount",
            j ->
                container(j)
                    .setResources(
                        PodTemplateValidationTest.resources(Map.of("cpu", "1"), Map.of())),
            j ->
                container(j)
                    .getResources()
                    .setLimits(new LinkedHashMap<>(Map.of("cpu", new Quantity("1000m"))))),
        allowed(
            "parallelism, deadlines, backoff, TTL, suspend and replacement policy are mutable",
            j -> {},
            j -> {
              j.getSpec().setParallelism(5);
              j.getSpec().setActiveDeadlineSeconds(60L);
              j.getSpec().setBackoffLimit(1);
              j.getSpec().setTtlSecondsAfterFinished(10);
              j.getSpec().setSuspend(true);
              j.getSpec().setPodReplacementPolicy("Failed");
              j.getMetadata().setLabels(Map.of("team", "a"));
            }),
        rejected(
            "the namespace is immutable",
            j -> j.getMetadata().setNamespace("other"),
            "metadata.namespace: Invalid value: \"other\": field is immutable"),
        rejected(
            "spec errors are reported by the object and by the update rules, as upstream",
            j -> j.getSpec().setParallelism(-1),
            "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
            "spec.parallelism: Invalid value: -1: must be greater than or equal to 0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void updates(UpdateCase c) {
    Job old = TestJobs.stored(TestJobs.created(c.stored()));
    Job updated = new JobBuilder(old).build();
    c.change().accept(updated);
    assertThat(TestJobs.messages(JobValidation.validateUpdate(updated, old)))
        .containsExactlyElementsOf(c.expected());
  }

  @Test
  void jobsCreatedBeforeThePrefixedLabelsStayUpdatable() {
    Job old =
        TestJobs.stored(
            TestJobs.created(
                j -> {
                  j.getSpec()
                      .setSelector(
                          JobCreateValidationTest.selector(Map.of("controller-uid", TestJobs.UID)));
                }));
    Map<String, String> legacy = new LinkedHashMap<>();
    legacy.put("controller-uid", TestJobs.UID);
    legacy.put("job-name", "myjob");
    old.getSpec().getTemplate().getMetadata().setLabels(legacy);
    old.getSpec()
        .setSelector(JobCreateValidationTest.selector(Map.of("controller-uid", TestJobs.UID)));
    Job updated = new JobBuilder(old).build();
    updated.getSpec().setParallelism(3);

    assertThat(JobValidation.validateUpdate(updated, old)).isEmpty();
    assertThat(TestJobs.messages(JobValidation.validateCreate(updated)))
        .contains(
            "spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Required value:"
                + " must be '1a2b3c'");
  }

  private static void indexed(Job j, int completions, int parallelism) {
    JobCreateValidationTest.indexed(j, completions);
    j.getSpec().setParallelism(parallelism);
    j.getSpec().setBackoffLimitPerIndex(1);
  }

  private static String templateJsonWithImage(String image) {
    return templateJson(j -> container(j).setImage(image));
  }

  private static String templateJson(Consumer<Job> change) {
    Job j = TestJobs.created(x -> {});
    change.accept(j);
    return GoValues.json(j.getSpec().getTemplate()).text();
  }
}
