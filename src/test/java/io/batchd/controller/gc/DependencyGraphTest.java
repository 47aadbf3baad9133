package io.batchd.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each change of the graph asks the collector to look at. */
class DependencyGraphTest {
  private static final MonitoredKind<?> JOBS = MonitoredKind.find("batch/v1", "Job").orElseThrow();
  private static final MonitoredKind<?> PODS = MonitoredKind.find("v1", "Pod").orElseThrow();

  private final DependencyGraph graph = new DependencyGraph();

  private static Job job(String name, String deletion, String... finalizers) {
    return new JobBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName(name)
        .withUid("uid-" + name)
        .withDeletionTimestamp(deletion)
        .withFinalizers(finalizers)
        .endMetadata()
        .build();
  }

  private static OwnerReference owner(Job job, boolean block) {
    return new OwnerReferenceBuilder()
        .withApiVersion("batch/v1")
        .withKind("Job")
        .withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid())
        .withBlockOwnerDeletion(block)
        .build();
  }

  private static Pod pod(String name, OwnerReference... owners) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName(name)
        .withUid("uid-" + name)
        .withOwnerReferences(owners)
        .endMetadata()
        .build();
  }

  private static ObjectIdentity id(MonitoredKind<?> kind, String name) {
    return new ObjectIdentity(kind.apiVersion(), kind.kind(), "ns", name, "uid-" + name);
  }

  @Test
  void aDependentOfAnUnseenOwnerMakesTheCollectorCheckTheOwner() {
    DependencyGraph.Work work = graph.observe(PODS, null, pod("p", owner(job("j", null), true)));

    assertThat(work.attemptToDelete()).containsExactly(id(JOBS, "j"));
    assertThat(graph.isObserved("uid-j")).isFalse();
    assertThat(graph.absent(id(JOBS, "j")).attemptToDelete()).containsExactly(id(PODS, "p"));
    assertThat(graph.contains("uid-j")).isFalse();
  }

  @Test
  void aDeletedOwnerHandsItsDependentsToTheCollector() {
    Job j = job("j", null);
    graph.observe(JOBS, null, j);
    assertThat(graph.observe(PODS, null, pod("p", owner(j, true))).attemptToDelete()).isEmpty();

    assertThat(graph.observeDelete(j).attemptToDelete()).containsExactly(id(PODS, "p"));
  }

  @Test
  void anObservedNodeIsNotRemovedByALookupThatMissedIt() {
    Job j = job("j", null);
    graph.observe(JOBS, null, j);

    assertThat(graph.absent(id(JOBS, "j")).attemptToDelete()).isEmpty();
    assertThat(graph.contains("uid-j")).isTrue();
  }

  @Test
  void anOwnerMarkedWithTheOrphanFinalizerIsOrphaned() {
    Job j = job("j", null);
    graph.observe(JOBS, null, j);
    DependencyGraph.Work work = graph.observe(JOBS, j, job("j", "2026-01-01T00:00:00Z", "orphan"));

    assertThat(work.attemptToOrphan()).containsExactly(id(JOBS, "j"));
    assertThat(work.attemptToDelete()).isEmpty();
  }

  @Test
  void anOwnerMarkedForForegroundDeletionHasItselfAndItsDependentsLookedAt() {
    Job j = job("j", null);
    graph.observe(JOBS, null, j);
    graph.observe(PODS, null, pod("p", owner(j, true)));

    DependencyGraph.Work work =
        graph.observe(JOBS, j, job("j", "2026-01-01T00:00:00Z", "foregroundDeletion"));

    assertThat(work.attemptToDelete()).containsExactlyInAnyOrder(id(PODS, "p"), id(JOBS, "j"));
    assertThat(graph.deletingDependents("uid-j")).isTrue();
    assertThat(graph.dependents("uid-j"))
        .singleElement()
        .satisfies(d -> assertThat(d.identity()).isEqualTo(id(PODS, "p")));
  }

  @Test
  void aBlockingDependentThatGoesOrStopsBlockingWakesItsWaitingOwner() {
    Job j = job("j", "2026-01-01T00:00:00Z", "foregroundDeletion");
    graph.observe(JOBS, null, j);
    Pod blocking = pod("p", owner(j, true));
    Pod other = pod("q", owner(j, true));
    graph.observe(PODS, null, blocking);
    graph.observe(PODS, null, other);

    assertThat(graph.observeDelete(blocking).attemptToDelete()).containsExactly(id(JOBS, "j"));
    assertThat(graph.observe(PODS, other, pod("q", owner(j, false))).attemptToDelete())
        .containsExactly(id(JOBS, "j"));
    assertThat(graph.observe(PODS, other, pod("q")).attemptToDelete()).isEmpty();
    assertThat(graph.dependents("uid-j")).isEmpty();
  }

  @Test
  void anObjectBeingDeletedWithoutForegroundIsLeftAlone() {
    graph.observe(PODS, null, pod("p"));
    Pod deleting = pod("p");
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    graph.observe(PODS, pod("p"), deleting);

    assertThat(graph.beingDeletedOnly("uid-p")).isTrue();
    assertThat(graph.hasDependents("uid-p")).isFalse();
    assertThat(List.of(graph.size())).containsExactly(1);
  }
}
