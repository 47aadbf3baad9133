package io.batchd.registry.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.api.cloudrun.ContainerOverride;
import io.batchd.api.cloudrun.ExecutionSpec;
import io.batchd.api.cloudrun.ExecutionTemplateSpec;
import io.batchd.api.cloudrun.Overrides;
import io.batchd.api.cloudrun.RunExecution;
import io.batchd.api.cloudrun.RunJob;
import io.batchd.api.cloudrun.RunJobSpec;
import io.batchd.api.cloudrun.TaskSpec;
import io.batchd.api.cloudrun.TaskTemplateSpec;
import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionFactoryTest {
  private static RunJob job() {
    RunJob job = new RunJob();
    job.setMetadata(new ObjectMetaBuilder().withName("j").withUid("uid-1").build());
    TaskSpec task =
        new TaskSpec(
            List.of(
                new ContainerBuilder()
                    .withName("")
                    .withImage("busybox")
                    .withArgs("a", "b")
                    .withEnv(new EnvVar("A", "1", null), new EnvVar("B", "2", null))
                    .build()),
            3,
            null,
            null,
            600L,
            null);
    job.setSpec(
        new RunJobSpec(
            new ExecutionTemplateSpec(
                new ObjectMetaBuilder().addToLabels("team", "x").build(),
                new ExecutionSpec(null, 1, new TaskTemplateSpec(task)))));
    return job;
  }

  @Test
  void executionCopiesTheTemplateAndIsLabelledAndOwnedByItsJob() {
    RunExecution e = ExecutionFactory.fromJob(job(), null);
    assertThat(e.getMetadata().getGenerateName()).isEqualTo("j-");
    assertThat(e.getMetadata().getLabels())
        .containsEntry("team", "x")
        .containsEntry("run.googleapis.com/job", "j")
        .containsEntry("run.googleapis.com/jobUid", "uid-1");
    assertThat(e.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-1");
    assertThat(e.getSpec()).isEqualTo(job().getSpec().template().spec());
  }

  @Test
  void overridesReplaceArgsAddOrReplaceEnvAndSetCountAndTimeout() {
    Overrides o =
        new Overrides(
            List.of(
                new ContainerOverride(
                    "",
                    List.of("c"),
                    false,
                    List.of(new EnvVar("B", "9", null), new EnvVar("C", "3", null)))),
            4,
            60L);
    RunExecution e = ExecutionFactory.fromJob(job(), o);
    assertThat(e.getSpec().taskCount()).isEqualTo(4);
    assertThat(e.getSpec().taskSpec().timeoutSeconds()).isEqualTo(60L);
    var c = e.getSpec().taskSpec().containers().get(0);
    assertThat(c.getArgs()).containsExactly("c");
    assertThat(c.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("A", "1"),
            org.assertj.core.groups.Tuple.tuple("B", "9"),
            org.assertj.core.groups.Tuple.tuple("C", "3"));
  }

  @Test
  void clearArgsEmptiesTheArgs() {
    Overrides o = new Overrides(List.of(new ContainerOverride(null, null, true, null)), null, null);
    assertThat(
            ExecutionFactory.fromJob(job(), o).getSpec().taskSpec().containers().get(0).getArgs())
        .isEmpty();
  }

  @Test
  void overrideOfAnUnknownContainerIsABadRequest() {
    Overrides o =
        new Overrides(List.of(new ContainerOverride("nope", null, null, null)), null, null);
    assertThatThrownBy(() -> ExecutionFactory.fromJob(job(), o))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.getMessage()).contains("containerOverrides[0].name").contains("nope");
            });
  }

  @Test
  void defaultsAreOneTaskThreeRetriesAndTenMinutes() {
    ExecutionSpec spec =
        TaskSpecRules.withDefaults(
            new ExecutionSpec(
                null,
                null,
                new TaskTemplateSpec(new TaskSpec(List.of(), null, null, null, null, null))));
    assertThat(spec.taskCount()).isEqualTo(1);
    assertThat(spec.taskSpec().maxRetries()).isEqualTo(3);
    assertThat(spec.taskSpec().timeoutSeconds()).isEqualTo(600L);
    assertThat(spec.parallelism()).isNull();
  }
}
