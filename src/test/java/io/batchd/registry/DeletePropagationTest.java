package io.batchd.registry;

import static io.batchd.registry.GarbageCollectionPolicy.DELETE_DEPENDENTS;
import static io.batchd.registry.GarbageCollectionPolicy.ORPHAN_DEPENDENTS;
import static io.batchd.registry.GarbageCollectionPolicy.UNSUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchd.api.errors.StatusException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The finalizers a delete leaves on the object, as upstream's generic store decides them. */
class DeletePropagationTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // policy, orphanDependents, existing finalizers, default, expected finalizers
        Arguments.of(null, null, List.of(), DELETE_DEPENDENTS, List.of()),
        Arguments.of(null, null, List.of(), ORPHAN_DEPENDENTS, List.of("orphan")),
        Arguments.of("Background", null, List.of(), ORPHAN_DEPENDENTS, List.of()),
        Arguments.of("Orphan", null, List.of(), DELETE_DEPENDENTS, List.of("orphan")),
        Arguments.of(
            "Foreground", null, List.of(), ORPHAN_DEPENDENTS, List.of("foregroundDeletion")),
        Arguments.of(null, true, List.of(), DELETE_DEPENDENTS, List.of("orphan")),
        Arguments.of(null, false, List.of(), ORPHAN_DEPENDENTS, List.of()),
        // a later delete replaces the GC finalizer and keeps the others
        Arguments.of("Background", null, List.of("a", "orphan"), DELETE_DEPENDENTS, List.of("a")),
        Arguments.of(
            "Foreground",
            null,
            List.of("orphan", "a"),
            DELETE_DEPENDENTS,
            List.of("a", "foregroundDeletion")),
        Arguments.of(null, false, List.of("foregroundDeletion"), DELETE_DEPENDENTS, List.of()),
        // without options the existing GC finalizer wins over the default
        Arguments.of(
            null,
            null,
            List.of("foregroundDeletion"),
            ORPHAN_DEPENDENTS,
            List.of("foregroundDeletion")),
        Arguments.of(null, null, List.of("orphan"), DELETE_DEPENDENTS, List.of("orphan")),
        // resources without garbage collection never get GC finalizers
        Arguments.of("Orphan", null, List.of(), UNSUPPORTED, List.of()),
        Arguments.of("Foreground", null, List.of("a"), UNSUPPORTED, List.of("a")));
  }

  @ParameterizedTest(name = "[{index}] {0}/{1} on {2} with default {3} -> {4}")
  @MethodSource("cases")
  void finalizersAfterTheDelete(
      String policy,
      Boolean orphanDependents,
      List<String> existing,
      GarbageCollectionPolicy defaultPolicy,
      List<String> expected) {
    assertThat(
            new DeletePropagation(policy, orphanDependents).finalizersFor(existing, defaultPolicy))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest(name = "[{index}] unchanged set {0}")
  @MethodSource("unchangedCases")
  void anUnchangedSetIsTheSameList(List<String> existing, String policy) {
    assertThat(DeletePropagation.policy(policy).finalizersFor(existing, ORPHAN_DEPENDENTS))
        .isSameAs(existing);
  }

  static Stream<Arguments> unchangedCases() {
    return Stream.of(
        Arguments.of(List.of("orphan"), "Orphan"),
        Arguments.of(List.of("x", "foregroundDeletion"), "Foreground"),
        Arguments.of(List.of("x"), "Background"));
  }

  @ParameterizedTest(name = "[{index}] {0}/{1}")
  @MethodSource("invalidCases")
  void invalidOptionsAreRefusedAsUpstream(String policy, Boolean orphan, String message) {
    assertThatThrownBy(() -> new DeletePropagation(policy, orphan).validate())
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(422);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  static Stream<Arguments> invalidCases() {
    return Stream.of(
        Arguments.of(
            "Orphan",
            true,
            "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value:"
                + " \"Orphan\": orphanDependents and deletionPropagation cannot be both set"),
        Arguments.of(
            "Sometimes",
            null,
            "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value:"
                + " \"Sometimes\": supported values: \"Foreground\", \"Background\", \"Orphan\","
                + " \"nil\""),
        Arguments.of(
            "Sometimes",
            false,
            "DeleteOptions.meta.k8s.io \"\" is invalid: [propagationPolicy: Invalid value:"
                + " \"Sometimes\": orphanDependents and deletionPropagation cannot be both set,"
                + " propagationPolicy: Unsupported value: \"Sometimes\": supported values:"
                + " \"Foreground\", \"Background\", \"Orphan\", \"nil\"]"));
  }
}
