package io.batchd.controller.gc;

import static io.batchd.controller.gc.OwnerState.DANGLING;
import static io.batchd.controller.gc.OwnerState.SOLID;
import static io.batchd.controller.gc.OwnerState.UNRESOLVABLE;
import static io.batchd.controller.gc.OwnerState.WAITING_FOR_DEPENDENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.controller.gc.DependentAction.Delete;
import io.batchd.controller.gc.DependentAction.Keep;
import io.batchd.controller.gc.DependentAction.RemoveOwnerReferences;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The garbage collector's decisions, one row per situation of upstream's attemptToDeleteItem. */
class GcDecisionsTest {

  private static OwnerReference ref(String uid, boolean block) {
    return new OwnerReferenceBuilder()
        .withApiVersion("batch/v1")
        .withKind("Job")
        .withName("owner-" + uid)
        .withUid(uid)
        .withBlockOwnerDeletion(block)
        .build();
  }

  /** Owners "a", "b", ... in the given states. */
  private static Map<String, OwnerState> states(OwnerState... states) {
    Map<String, OwnerState> map = new LinkedHashMap<>();
    for (int i = 0; i < states.length; i++) {
      map.put(String.valueOf((char) ('a' + i)), states[i]);
    }
    return map;
  }

  private static List<OwnerReference> refs(Map<String, OwnerState> states) {
    List<OwnerReference> refs = new ArrayList<>();
    states.keySet().forEach(uid -> refs.add(ref(uid, false)));
    return refs;
  }

  static Stream<Arguments> dependents() {
    return Stream.of(
        Arguments.of("one solid owner", states(SOLID), false, List.of(), new Keep()),
        Arguments.of(
            "owner of an unserved kind", states(UNRESOLVABLE), false, List.of(), new Keep()),
        Arguments.of(
            "only owner gone", states(DANGLING), false, List.of(), new Delete("Background", false)),
        Arguments.of(
            "every owner gone",
            states(DANGLING, DANGLING),
            false,
            List.of(),
            new Delete("Background", false)),
        Arguments.of(
            "one owner gone, one left",
            states(DANGLING, SOLID),
            false,
            List.of(),
            new RemoveOwnerReferences(Set.of("a"))),
        Arguments.of(
            "unserved owner keeps it, gone owner's reference removed",
            states(UNRESOLVABLE, DANGLING),
            false,
            List.of(),
            new RemoveOwnerReferences(Set.of("b"))),
        Arguments.of(
            "an owner deleting in the foreground and a solid one",
            states(WAITING_FOR_DEPENDENTS, SOLID, DANGLING),
            false,
            List.of(),
            new RemoveOwnerReferences(Set.of("a", "c"))),
        Arguments.of(
            "only owner waiting for dependents",
            states(WAITING_FOR_DEPENDENTS),
            false,
            List.of(),
            new Delete("Background", false)),
        Arguments.of(
            "waiting owner, with dependents of its own: foreground in turn",
            states(WAITING_FOR_DEPENDENTS),
            true,
            List.of(),
            new Delete("Foreground", false)),
        Arguments.of(
            "gone owner, its own orphan finalizer honoured",
            states(DANGLING),
            false,
            List.of("orphan"),
            new Delete("Orphan", false)),
        Arguments.of(
            "gone owner, its own foreground finalizer honoured",
            states(DANGLING),
            true,
            List.of("foregroundDeletion"),
            new Delete("Foreground", false)),
        Arguments.of(
            "gone owner, other finalizers do not matter",
            states(DANGLING),
            false,
            List.of("batch.kubernetes.io/job-tracking"),
            new Delete("Background", false)),
        Arguments.of(
            "dangling and waiting, with dependents: foreground",
            states(DANGLING, WAITING_FOR_DEPENDENTS),
            true,
            List.of(),
            new Delete("Foreground", false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dependents")
  void whatBecomesOfADependent(
      String situation,
      Map<String, OwnerState> states,
      boolean hasDependents,
      List<String> finalizers,
      DependentAction expected) {
    assertThat(GcDecisions.forDependent(refs(states), states, hasDependents, false, finalizers))
        .isEqualTo(expected);
  }

  @Test
  void anObjectWithoutOwnersIsKept() {
    assertThat(GcDecisions.forDependent(List.of(), Map.of(), true, false, List.of()))
        .isEqualTo(new Keep());
    assertThat(GcDecisions.forDependent(null, Map.of(), false, false, null)).isEqualTo(new Keep());
  }

  @Test
  void aPossibleForegroundCycleUnblocksTheReferencesFirst() {
    Map<String, OwnerState> states = states(WAITING_FOR_DEPENDENTS);
    assertThat(GcDecisions.forDependent(refs(states), states, true, true, List.of()))
        .isEqualTo(new Delete("Foreground", true));
  }

  private static ObjectIdentity pod(String name) {
    return new ObjectIdentity("v1", "Pod", "default", name, "uid-" + name);
  }

  @Test
  void anOwnerWithoutBlockingDependentsLosesItsForegroundFinalizer() {
    List<GcDecisions.Dependent> dependents =
        List.of(
            new GcDecisions.Dependent(pod("free"), List.of(ref("owner", false)), false),
            new GcDecisions.Dependent(pod("other"), List.of(ref("someone-else", true)), false));
    assertThat(GcDecisions.forForegroundOwner("owner", dependents))
        .isEqualTo(new ForegroundAction.RemoveFinalizer());
    assertThat(GcDecisions.forForegroundOwner("owner", List.of()))
        .isEqualTo(new ForegroundAction.RemoveFinalizer());
  }

  @Test
  void anOwnerWithBlockingDependentsWaitsAndDeletesThoseNotDeletingTheirOwn() {
    List<GcDecisions.Dependent> dependents =
        List.of(
            new GcDecisions.Dependent(pod("blocking"), List.of(ref("owner", true)), false),
            new GcDecisions.Dependent(pod("cascading"), List.of(ref("owner", true)), true),
            new GcDecisions.Dependent(pod("free"), List.of(ref("owner", false)), false));
    assertThat(GcDecisions.forForegroundOwner("owner", dependents))
        .isEqualTo(new ForegroundAction.DeleteBlocking(List.of(pod("blocking"))));
  }

  @Test
  void anOwnerWhoseOnlyBlockingDependentDeletesItsOwnStillWaits() {
    List<GcDecisions.Dependent> dependents =
        List.of(new GcDecisions.Dependent(pod("cascading"), List.of(ref("owner", true)), true));
    assertThat(GcDecisions.forForegroundOwner("owner", dependents))
        .isEqualTo(new ForegroundAction.DeleteBlocking(List.of()));
  }

  static Stream<Arguments> transitions() {
    return Stream.of(
        Arguments.of("created already deleting", null, null, "t", List.of("orphan"), true),
        Arguments.of("marked now", null, List.of(), "t", List.of("orphan"), true),
        Arguments.of(
            "finalizer added while deleting", "t", List.of("x"), "t", List.of("orphan"), true),
        Arguments.of("already waiting", "t", List.of("orphan"), "t", List.of("orphan", "x"), false),
        Arguments.of("not deleting", null, null, null, List.of("orphan"), false),
        Arguments.of("finalizer missing", null, null, "t", List.of("x"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void anOwnerStartsWaitingWhenItIsMarkedWithTheFinalizer(
      String situation,
      String oldDeletion,
      List<String> oldFinalizers,
      String deletion,
      List<String> finalizers,
      boolean expected) {
    assertThat(
            GcDecisions.startsWaiting(oldDeletion, oldFinalizers, deletion, finalizers, "orphan"))
        .isEqualTo(expected);
  }
}
