package io.batchd.registry.batch;

import static io.batchd.registry.batch.ValidationCase.row;
import static io.batchd.registry.batch.ValidationCase.rowAfterDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Create-time rules of a Job's metadata, selector and spec: one row per rule, exact messages. */
class JobCreateValidationTest {
  private static final String SUBDOMAIN_MSG =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is"
          + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final String NAME_PART_MSG =
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
          + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex"
          + " used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String LABELS_AFTER_GENERATION =
      "map[string]string{\"batch.kubernetes.io/controller-uid\":\"1a2b3c\","
          + " \"batch.kubernetes.io/job-name\":\"myjob\", \"controller-uid\":\"other\","
          + " \"job-name\":\"myjob\"}";

  static Stream<ValidationCase> cases() {
    return Stream.of(
        row(
            "name must be a DNS subdomain",
            j -> j.getMetadata().setName("My_Job"),
            "metadata.name: Invalid value: \"My_Job\": " + SUBDOMAIN_MSG),
        row(
            "name is required",
            j -> j.getMetadata().setName(null),
            "metadata.name: Required value: name or generateName is required"),
        row(
            "namespace is required",
            j -> j.getMetadata().setNamespace(null),
            "metadata.namespace: Required value"),
        row(
            "Job label keys are qualified names",
            j -> j.getMetadata().setLabels(Map.of("bad key", "v")),
            "metadata.labels: Invalid value: \"bad key\": " + NAME_PART_MSG),
        rowAfterDefaults(
            "a generated selector needs the Job's uid",
            j -> j.getMetadata().setUid(null),
            "metadata.uid: Required value",
            "spec.template.metadata.labels[controller-uid]: Invalid value: "
                + "map[string]string{\"batch.kubernetes.io/controller-uid\":\"1a2b3c\","
                + " \"batch.kubernetes.io/job-name\":\"myjob\", \"controller-uid\":\"1a2b3c\","
                + " \"job-name\":\"myjob\"}: must be ''",
            "spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Invalid value: "
                + "map[string]string{\"batch.kubernetes.io/controller-uid\":\"1a2b3c\","
                + " \"batch.kubernetes.io/job-name\":\"myjob\", \"controller-uid\":\"1a2b3c\","
                + " \"job-name\":\"myjob\"}: must be ''",
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string"
                + "{\"batch.kubernetes.io/controller-uid\":\"1a2b3c\"},"
                + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not"
                + " auto-generated"),
        row(
            "a generated selector keeps a conflicting template label and rejects it",
            j -> j.getSpec().getTemplate().setMetadata(meta(Map.of("controller-uid", "other"))),
            "spec.template.metadata.labels[controller-uid]: Invalid value: "
                + LABELS_AFTER_GENERATION
                + ": must be '1a2b3c'"),
        row(
            "a generated selector keeps a conflicting selector and rejects it",
            j ->
                j.getSpec()
                    .setSelector(selector(Map.of("batch.kubernetes.io/controller-uid", "x"))),
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string"
                + "{\"batch.kubernetes.io/controller-uid\":\"x\"},"
                + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not"
                + " auto-generated",
            "spec.template.metadata.labels: Invalid value: map[string]string"
                + "{\"batch.kubernetes.io/controller-uid\":\"1a2b3c\","
                + " \"batch.kubernetes.io/job-name\":\"myjob\", \"controller-uid\":\"1a2b3c\","
                + " \"job-name\":\"myjob\"}: `selector` does not match template `labels`"),
        row(
            "a manual selector is required",
            j -> j.getSpec().setManualSelector(true),
            "spec.selector: Required value",
            "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector`"
                + " does not match template `labels`"),
        row(
            "a manual selector must select the template's labels",
            j -> {
              j.getSpec().setManualSelector(true);
              j.getSpec().setSelector(selector(Map.of("app", "a")));
              j.getSpec().getTemplate().setMetadata(meta(Map.of("app", "b")));
            },
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}:"
                + " `selector` does not match template `labels`"),
        row(
            "selector operators are In, NotIn, Exists and DoesNotExist",
            j -> {
              LabelSelector s = selector(Map.of());
              s.setMatchExpressions(
                  List.of(new LabelSelectorRequirement("app", "Near", List.of())));
              j.getSpec().setSelector(s);
            },
            "spec.selector.matchExpressions[0].operator: Invalid value: \"Near\": not a valid"
                + " selector operator"),
        row(
            "selector In needs values",
            j -> {
              LabelSelector s = selector(Map.of());
              s.setMatchExpressions(List.of(new LabelSelectorRequirement("app", "In", List.of())));
              j.getSpec().setSelector(s);
            },
            "spec.selector.matchExpressions[0].values: Required value: must be specified when"
                + " `operator` is 'In' or 'NotIn'"),
        row(
            "parallelism is non-negative",
            j -> j.getSpec().setParallelism(-1),
            "spec.parallelism: Invalid value: -1: must be greater than or equal to 0"),
        row(
            "completions is non-negative",
            j -> j.getSpec().setCompletions(-1),
            "spec.completions: Invalid value: -1: must be greater than or equal to 0"),
        row(
            "activeDeadlineSeconds is non-negative",
            j -> j.getSpec().setActiveDeadlineSeconds(-1L),
            "spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0"),
        row(
            "backoffLimit is non-negative",
            j -> j.getSpec().setBackoffLimit(-1),
            "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"),
        row(
            "ttlSecondsAfterFinished is non-negative",
            j -> j.getSpec().setTtlSecondsAfterFinished(-1),
            "spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0"),
        row(
            "backoffLimitPerIndex is non-negative",
            j -> {
              indexed(j, 3);
              j.getSpec().setBackoffLimitPerIndex(-1);
            },
            "spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0"),
        row(
            "maxFailedIndexes is non-negative",
            j -> {
              indexed(j, 3);
              j.getSpec().setBackoffLimitPerIndex(1);
              j.getSpec().setMaxFailedIndexes(-1);
            },
            "spec.maxFailedIndexes: Invalid value: -1: must be greater than or equal to 0"),
        row(
            "maxFailedIndexes needs backoffLimitPerIndex",
            j -> {
              indexed(j, 3);
              j.getSpec().setMaxFailedIndexes(1);
            },
            "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"),
        row(
            "completionMode is NonIndexed or Indexed",
            j -> j.getSpec().setCompletionMode("Sometimes"),
            "spec.completionMode: Unsupported value: \"Sometimes\": supported values:"
                + " \"NonIndexed\", \"Indexed\""),
        row(
            "an Indexed Job needs completions",
            j -> {
              j.getSpec().setCompletionMode("Indexed");
              j.getSpec().setParallelism(2);
            },
            "spec.completions: Required value: when completion mode is Indexed"),
        row(
            "an Indexed Job runs at most 100000 pods at once",
            j -> {
              indexed(j, 3);
              j.getSpec().setParallelism(100_001);
            },
            "spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when"
                + " completion mode is Indexed"),
        row(
            "maxFailedIndexes is at most completions",
            j -> {
              indexed(j, 3);
              j.getSpec().setBackoffLimitPerIndex(1);
              j.getSpec().setMaxFailedIndexes(4);
            },
            "spec.maxFailedIndexes: Invalid value: 4: must be less than or equal to completions"),
        row(
            "maxFailedIndexes is at most 100000",
            j -> {
              indexed(j, 100_000);
              j.getSpec().setBackoffLimitPerIndex(1);
              j.getSpec().setMaxFailedIndexes(100_001);
            },
            "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to"
                + " completions",
            "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000"),
        row(
            "above 100000 completions with per-index backoff, maxFailedIndexes is required",
            j -> {
              indexed(j, 200_000);
              j.getSpec().setBackoffLimitPerIndex(1);
            },
            "spec.maxFailedIndexes: Required value: must be specified when completions is above"
                + " 100000"),
        row(
            "above 100000 completions with per-index backoff, parallelism is at most 10000",
            j -> {
              indexed(j, 200_000);
              j.getSpec().setBackoffLimitPerIndex(1);
              j.getSpec().setMaxFailedIndexes(10);
              j.getSpec().setParallelism(10_001);
            },
            "spec.parallelism: Invalid value: 10001: must be less than or equal to 10000 when"
                + " completions are above 100000 and used with backoff limit per index"),
        row(
            "above 100000 completions with per-index backoff, maxFailedIndexes is at most 10000",
            j -> {
              indexed(j, 200_000);
              j.getSpec().setBackoffLimitPerIndex(1);
              j.getSpec().setMaxFailedIndexes(10_001);
            },
            "spec.maxFailedIndexes: Invalid value: 10001: must be less than or equal to 10000 when"
                + " completions are above 100000 and used with backoff limit per index"),
        row(
            "backoffLimitPerIndex needs an Indexed Job",
            j -> j.getSpec().setBackoffLimitPerIndex(1),
            "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"),
        row(
            "maxFailedIndexes needs an Indexed Job",
            j -> {
              j.getSpec().setBackoffLimitPerIndex(1);
              j.getSpec().setMaxFailedIndexes(1);
            },
            "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
            "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode"),
        row(
            "managedBy is a domain-prefixed path",
            j -> j.getSpec().setManagedBy("queue"),
            "spec.managedBy: Invalid value: \"queue\": must be a domain-prefixed path (such as"
                + " \"acme.io/foo\")"),
        row(
            "managedBy's domain is a DNS subdomain",
            j -> j.getSpec().setManagedBy("Acme.io/queue"),
            "spec.managedBy: Invalid value: \"Acme.io\": " + SUBDOMAIN_MSG),
        row(
            "managedBy's path uses URL path characters",
            j -> j.getSpec().setManagedBy("acme.io/a queue"),
            "spec.managedBy: Invalid value: \"a queue\": Invalid path (regex used for validation"
                + " is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"),
        row(
            "managedBy is at most 63 characters",
            j -> j.getSpec().setManagedBy("example.com/" + "x".repeat(60)),
            "spec.managedBy: Too long: may not be more than 63 bytes"),
        row(
            "podReplacementPolicy is Failed or TerminatingOrFailed",
            j -> j.getSpec().setPodReplacementPolicy("Never"),
            "spec.podReplacementPolicy: Unsupported value: \"Never\": supported values:"
                + " \"Failed\", \"TerminatingOrFailed\""),
        row(
            "with a pod failure policy, podReplacementPolicy is Failed",
            j -> {
              j.getSpec().setPodFailurePolicy(failJobOnExitCode(42));
              j.getSpec().setPodReplacementPolicy("TerminatingOrFailed");
            },
            "spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported"
                + " values: \"Failed\""),
        row(
            "a Job's restartPolicy must be chosen (the default Always is refused)",
            j -> podSpec(j).setRestartPolicy(null),
            "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\","
                + " \"Never\""),
        row(
            "a Job's restartPolicy is OnFailure or Never",
            j -> podSpec(j).setRestartPolicy("Sometimes"),
            "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values:"
                + " \"Always\", \"OnFailure\", \"Never\"",
            "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values:"
                + " \"OnFailure\", \"Never\""),
        row(
            "with a pod failure policy, restartPolicy is Never",
            j -> {
              podSpec(j).setRestartPolicy("OnFailure");
              j.getSpec().setPodFailurePolicy(failJobOnExitCode(42));
            },
            "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is"
                + " supported when podFailurePolicy is specified"),
        row(
            "an Indexed Job's last pod hostname must be a DNS label",
            j -> {
              j.getMetadata().setName("x".repeat(60));
              indexed(j, 1000);
            },
            "metadata.name: Invalid value: \""
                + "x".repeat(60)
                + "\": will not able to create pod with invalid DNS label: "
                + "x".repeat(60)
                + "-999"),
        row(
            "a success policy needs an Indexed Job",
            j ->
                j.getSpec()
                    .setSuccessPolicy(new SuccessPolicy(List.of(new SuccessPolicyRule(1, null)))),
            "spec.successPolicy: Invalid value: {\"rules\":[{\"succeededCount\":1}]}: requires"
                + " indexed completion mode"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectsWithUpstreamMessage(ValidationCase c) {
    Job job = c.job();
    assertThat(TestJobs.messages(JobValidation.validateCreate(job)))
        .containsExactlyElementsOf(c.expected());
  }

  @Test
  void acceptsAValidJob() {
    assertThat(JobValidation.validateCreate(TestJobs.created(j -> {}))).isEmpty();
  }

  @Test
  void acceptsAValidManualSelector() {
    Job job =
        TestJobs.created(
            j -> {
              j.getSpec().setManualSelector(true);
              j.getSpec().setSelector(selector(Map.of("app", "a")));
              j.getSpec().getTemplate().setMetadata(meta(Map.of("app", "a")));
            });
    assertThat(JobValidation.validateCreate(job)).isEmpty();
  }

  @Test
  void acceptsAValidIndexedJobWithPoliciesAndZeroDeadline() {
    Job job =
        TestJobs.created(
            j -> {
              indexed(j, 10);
              j.getSpec().setBackoffLimitPerIndex(1);
              j.getSpec().setMaxFailedIndexes(2);
              j.getSpec().setActiveDeadlineSeconds(0L);
              j.getSpec().setPodFailurePolicy(failJobOnExitCode(42));
              j.getSpec()
                  .setSuccessPolicy(new SuccessPolicy(List.of(new SuccessPolicyRule(1, "0,2-4"))));
              j.getSpec().setManagedBy("kueue.x-k8s.io/multikueue");
            });
    assertThat(JobValidation.validateCreate(job)).isEmpty();
  }

  @Test
  void doesNotModifyTheJob() {
    Job job = TestJobs.created(j -> j.getSpec().setParallelism(-1));
    Job before = TestJobs.stored(job);
    before.getMetadata().setResourceVersion(null);
    before.getMetadata().setGeneration(null);
    JobValidation.validateCreate(job);
    assertThat(job).isEqualTo(before);
  }

  static void indexed(Job j, int completions) {
    j.getSpec().setCompletionMode("Indexed");
    j.getSpec().setCompletions(completions);
  }

  static PodSpec podSpec(Job j) {
    return j.getSpec().getTemplate().getSpec();
  }

  static Container container(Job j) {
    return podSpec(j).getContainers().get(0);
  }

  static ObjectMeta meta(Map<String, String> labels) {
    ObjectMeta m = new ObjectMeta();
    m.setLabels(new LinkedHashMap<>(labels));
    return m;
  }

  static LabelSelector selector(Map<String, String> matchLabels) {
    LabelSelector s = new LabelSelector();
    s.setMatchLabels(new LinkedHashMap<>(matchLabels));
    return s;
  }

  static PodFailurePolicy failJobOnExitCode(int code) {
    return new PodFailurePolicy(
        List.of(
            new PodFailurePolicyRule(
                "FailJob",
                new PodFailurePolicyOnExitCodesRequirement(null, "In", List.of(code)),
                null)));
  }
}
