package io.batchd.registry;

import io.batchd.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * The rules of one resource, as upstream's registry strategies hold them: how an object is prepared
 * and validated on create and update, how the status subresource differs, which fields it offers to
 * field selectors.
 */
public interface Strategy<T extends HasMetadata> {

  /** Sets defaults; runs on create and update, and on objects read back from storage. */
  default void applyDefaults(T object) {}

  /** Clears what a client may not set on create (status) and fills in generated fields. */
  default void prepareForCreate(T object) {}

  List<FieldError> validateCreate(T object);

  default List<String> warningsOnCreate(T object) {
    return List.of();
  }

  /** Carries over what a main-resource update may not change (status). */
  default void prepareForUpdate(T object, T old) {}

  List<FieldError> validateUpdate(T object, T old);

  default List<String> warningsOnUpdate(T object, T old) {
    return List.of();
  }

  /** Carries over what a status update may not change (spec). */
  default void prepareForStatusUpdate(T object, T old) {}

  default List<FieldError> validateStatusUpdate(T object, T old) {
    return List.of();
  }

  /** Whether the spec changed, which bumps {@code metadata.generation}. */
  default boolean specChanged(T object, T old) {
    return false;
  }

  /** Whether objects of this type carry a generation. */
  default boolean tracksGeneration() {
    return false;
  }

  /** The fields this resource offers to field selectors beyond name and namespace. */
  default java.util.Set<String> selectableFieldNames() {
    return java.util.Set.of();
  }

  /** Field values for field selectors; {@code metadata.name} and namespace are added for all. */
  default Map<String, String> selectableFields(T object) {
    return Map.of();
  }

  /**
   * Warnings for a delete (and each object of a deletecollection), such as the one upstream prints
   * for jobs deleted without saying what becomes of their pods.
   */
  default List<String> warningsOnDelete(DeletePropagation propagation) {
    return List.of();
  }

  /**
   * What a delete that does not say what becomes of the dependents does, as upstream's {@code
   * DefaultGarbageCollectionPolicy}: the generic store adds the {@code orphan} finalizer for {@link
   * GarbageCollectionPolicy#ORPHAN_DEPENDENTS}, and never adds GC finalizers for {@link
   * GarbageCollectionPolicy#UNSUPPORTED}.
   */
  default GarbageCollectionPolicy defaultGarbageCollectionPolicy() {
    return GarbageCollectionPolicy.DELETE_DEPENDENTS;
  }

  /**
   * The grace period of a delete, for resources that are deleted gracefully as upstream's {@code
   * CheckGracefulDelete} decides it: the object is marked with {@code deletionTimestamp} (now plus
   * the period) and {@code deletionGracePeriodSeconds}, and stays until a delete with a period of
   * 0. Null (the default) means the resource has no graceful deletion and goes at once, unless
   * finalizers hold it.
   *
   * @param object the object being deleted
   * @param requested the client's {@code gracePeriodSeconds}, null when it sent none; negative
   *     values arrive as 1, as upstream treats them
   */
  default Long deletionGracePeriod(T object, Long requested) {
    return null;
  }

  /**
   * Whether a delete answers with the object itself rather than a {@code Status}, as upstream's
   * {@code ReturnDeletedObject} stores do (pods).
   */
  default boolean returnsDeletedObject() {
    return false;
  }
}
