package io.batchd.controller.job;

import static io.batchd.controller.job.Fixtures.NOW;
import static io.batchd.controller.job.Fixtures.nz;
import static io.batchd.controller.job.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** podFailurePolicy: FailJob, Ignore, Count, onExitCodes In/NotIn, onPodConditions. */
class JobSyncPodFailurePolicyTest {

  static PodFailurePolicyRule onExitCodes(
      String action, String container, String op, int... codes) {
    return new PodFailurePolicyRuleBuilder()
        .withAction(action)
        .withNewOnExitCodes()
        .withContainerName(container)
        .withOperator(op)
        .withValues(java.util.Arrays.stream(codes).boxed().toList())
        .endOnExitCodes()
        .build();
  }

  static PodFailurePolicyRule onCondition(String action, String type) {
    return new PodFailurePolicyRuleBuilder()
        .withAction(action)
        .addNewOnPodCondition()
        .withType(type)
        .withStatus("True")
        .endOnPodCondition()
        .build();
  }

  static PodFailurePolicy policy(PodFailurePolicyRule... rules) {
    return new PodFailurePolicyBuilder().withRules(rules).build();
  }

  static Job job(int backoffLimit, PodFailurePolicy policy) {
    return Fixtures.job(1, 1, backoffLimit)
        .editSpec()
        .withPodFailurePolicy(policy)
        .withPodReplacementPolicy("Failed")
        .endSpec()
        .build();
  }

  /** A policy, a failed pod, and the rule outcome. */
  record Case(String name, PodFailurePolicy policy, Pod pod, String action, boolean counts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Pod withInitExit(Pod pod, String name, int code) {
    return new PodBuilder(pod)
        .editStatus()
        .withInitContainerStatuses(
            new ContainerStatusBuilder()
                .withName(name)
                .withNewState()
                .withNewTerminated()
                .withExitCode(code)
                .endTerminated()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  static Stream<Case> matches() {
    Job j = job(6, null);
    return Stream.of(
        new Case(
            "In matches a listed exit code",
            policy(onExitCodes("FailJob", null, "In", 1, 5)),
            pod(j).failedWithExitCode("main", 5).build(),
            "FailJob",
            true),
        new Case(
            "In does not match an unlisted exit code",
            policy(onExitCodes("FailJob", null, "In", 1, 5)),
            pod(j).failedWithExitCode("main", 3).build(),
            null,
            true),
        new Case(
            "NotIn matches an unlisted exit code",
            policy(onExitCodes("Ignore", null, "NotIn", 1, 2)),
            pod(j).failedWithExitCode("main", 3).build(),
            "Ignore",
            false),
        new Case(
            "exit code 0 never matches, even with NotIn",
            policy(onExitCodes("FailJob", null, "NotIn", 1)),
            pod(j).failedWithExitCode("main", 0).build(),
            null,
            true),
        new Case(
            "containerName restricts the match",
            policy(onExitCodes("FailJob", "sidecar", "In", 5)),
            pod(j).failedWithExitCode("main", 5).build(),
            null,
            true),
        new Case(
            "init containers are checked too",
            policy(onExitCodes("Count", "setup", "In", 7)),
            withInitExit(pod(j).failed().build(), "setup", 7),
            "Count",
            true),
        new Case(
            "the first matching rule wins",
            policy(
                onCondition("Ignore", "DisruptionTarget"), onExitCodes("FailJob", null, "In", 137)),
            pod(j)
                .failedWithExitCode("main", 137)
                .withCondition("DisruptionTarget", "True")
                .build(),
            "Ignore",
            false),
        new Case(
            "a condition with another status does not match",
            policy(onCondition("Ignore", "DisruptionTarget")),
            pod(j).failed().withCondition("DisruptionTarget", "False").build(),
            null,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matches")
  void rulesMatchAsUpstream(Case c) {
    PodFailurePolicies.Match match = PodFailurePolicies.match(c.policy(), c.pod());
    assertThat(match.action()).isEqualTo(Optional.ofNullable(c.action()));
    assertThat(match.countsFailure()).isEqualTo(c.counts());
  }

  @Test
  void failJobOnAnExitCodeFailsTheJobWithUpstreamsMessage() {
    Job job = job(6, policy(onExitCodes("FailJob", "main", "In", 42)));
    Pod failed = pod(job).failedWithExitCode("main", 42).build();
    String message =
        "Container main for pod default/"
            + failed.getMetadata().getName()
            + " failed with exit code 42 matching FailJob rule at index 0";

    JobSyncResult result =
        new JobSync(JobControllerOptions.defaults()).sync(job, List.of(failed), NOW);

    JobStatus first = result.statusBeforeFinalizerRemoval().orElseThrow();
    assertThat(Fixtures.condition(first, "FailureTarget").orElseThrow().getMessage())
        .isEqualTo(message);
    assertThat(Fixtures.condition(first, "FailureTarget").orElseThrow().getReason())
        .isEqualTo("PodFailurePolicy");
    assertThat(Fixtures.condition(first, "Failed")).isEmpty();
    JobStatus last = result.statusAfterFinalizerRemoval().orElseThrow();
    assertThat(Fixtures.condition(last, "Failed").orElseThrow().getMessage()).isEqualTo(message);
    assertThat(last.getFailed()).isEqualTo(1);
    assertThat(result.events())
        .containsExactly(new JobEvent("Warning", "PodFailurePolicy", message));
  }

  @Test
  void failJobOnAPodConditionNamesTheCondition() {
    Job job = job(6, policy(onCondition("FailJob", "ConfigIssue")));
    Pod failed = pod(job).failed().withCondition("ConfigIssue", "True").build();

    JobSyncResult result =
        new JobSync(JobControllerOptions.defaults()).sync(job, List.of(failed), NOW);

    assertThat(
            Fixtures.condition(result.statusBeforeFinalizerRemoval().orElseThrow(), "FailureTarget")
                .orElseThrow()
                .getMessage())
        .isEqualTo(
            "Pod default/"
                + failed.getMetadata().getName()
                + " has condition ConfigIssue matching FailJob rule at index 0");
  }

  @Test
  void failJobTerminatesTheOtherPodsAndWaitsForThemBeforeFailed() {
    Job job =
        Fixtures.job(3, 3, 6)
            .editSpec()
            .withPodFailurePolicy(policy(onExitCodes("FailJob", null, "In", 42)))
            .endSpec()
            .build();
    Pod failed = pod(job).failedWithExitCode("main", 42).build();
    Pod running = pod(job).ready().build();

    JobSyncResult result =
        new JobSync(JobControllerOptions.defaults()).sync(job, List.of(failed, running), NOW);

    assertThat(result.podsToDelete())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(PodDeletion.Reason.JOB_FAILED);
              assertThat(d.removeFinalizerFirst()).isFalse();
            });
    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(status.getFailed()).as("the terminated pod counts as failed").isEqualTo(2);
    assertThat(status.getTerminating()).isEqualTo(1);
    assertThat(Fixtures.condition(status, "Failed")).isEmpty();
    assertThat(Fixtures.condition(status, "FailureTarget")).isPresent();
  }

  @Test
  void ignoredDisruptionsDoNotCountTowardTheBackoffLimit() {
    Job job = job(0, policy(onCondition("Ignore", "DisruptionTarget")));
    Pod evicted = pod(job).failed().withCondition("DisruptionTarget", "True").build();

    JobSyncResult result =
        new JobSync(JobControllerOptions.defaults()).sync(job, List.of(evicted), NOW);

    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(nz(status.getFailed())).isZero();
    assertThat(status.getConditions()).isNullOrEmpty();
    assertThat(result.podsToCreate()).hasSize(1);
    assertThat(result.finalizersToRemove())
        .extracting(JobPods::uid)
        .containsExactly(JobPods.uid(evicted));
  }

  @Test
  void withAPolicyAPodBeingDeletedIsNeitherFailedNorReplaced() {
    Job job = job(6, policy(onCondition("Ignore", "DisruptionTarget")));
    Pod terminating = pod(job).running().terminating().build();

    JobSyncResult result =
        new JobSync(JobControllerOptions.defaults()).sync(job, List.of(terminating), NOW);

    assertThat(result.podsToCreate()).isEmpty();
    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(nz(status.getFailed())).isZero();
    assertThat(status.getTerminating()).isEqualTo(1);
  }
}
