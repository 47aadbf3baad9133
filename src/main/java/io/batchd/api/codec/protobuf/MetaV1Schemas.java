package io.batchd.api.codec.protobuf;

/**
 * Tables for {@code k8s.io/apimachinery/pkg/apis/meta/v1}: object metadata, label selectors and
 * delete options. Field numbers are those of the upstream {@code generated.proto}; pointer-ness
 * follows the Go types.
 */
final class MetaV1Schemas {
  static final MessageSchema OWNER_REFERENCE =
      MessageSchema.builder("OwnerReference")
          .string(5, "apiVersion")
          .string(1, "kind")
          .string(3, "name")
          .string(4, "uid")
          .boolPtr(6, "controller")
          .boolPtr(7, "blockOwnerDeletion")
          .build();

  static final MessageSchema MANAGED_FIELDS_ENTRY =
      MessageSchema.builder("ManagedFieldsEntry")
          .string(1, "manager")
          .string(2, "operation")
          .string(3, "apiVersion")
          .message(4, "time", ScalarMessages.TIME)
          .string(6, "fieldsType")
          .message(7, "fieldsV1", ScalarMessages.FIELDS_V1)
          .string(8, "subresource")
          .build();

  /** Fields 15 (clusterName) and 16 (initializers) were removed upstream and are unknown here. */
  static final MessageSchema OBJECT_META =
      MessageSchema.builder("ObjectMeta")
          .string(1, "name")
          .string(2, "generateName")
          .string(3, "namespace")
          .string(4, "selfLink")
          .string(5, "uid")
          .string(6, "resourceVersion")
          .int64(7, "generation")
          .message(8, "creationTimestamp", ScalarMessages.TIME)
          .message(9, "deletionTimestamp", ScalarMessages.TIME)
          .int64Ptr(10, "deletionGracePeriodSeconds")
          .stringMap(11, "labels")
          .stringMap(12, "annotations")
          .repeated(13, "ownerReferences", OWNER_REFERENCE)
          .strings(14, "finalizers")
          .repeated(17, "managedFields", MANAGED_FIELDS_ENTRY)
          .build();

  static final MessageSchema LABEL_SELECTOR_REQUIREMENT =
      MessageSchema.builder("LabelSelectorRequirement")
          .string(1, "key")
          .string(2, "operator")
          .strings(3, "values")
          .build();

  static final MessageSchema LABEL_SELECTOR =
      MessageSchema.builder("LabelSelector")
          .stringMap(1, "matchLabels")
          .repeated(2, "matchExpressions", LABEL_SELECTOR_REQUIREMENT)
          .build();

  static final MessageSchema PRECONDITIONS =
      MessageSchema.builder("Preconditions")
          .stringPtr(1, "uid")
          .stringPtr(2, "resourceVersion")
          .build();

  /**
   * DeleteOptions. Newer fields (ignoreStoreReadErrorWithClusterBreakingPotential) are not in the
   * table and are reported as unknown.
   */
  static final MessageSchema DELETE_OPTIONS =
      MessageSchema.builder("DeleteOptions")
          .int64Ptr(1, "gracePeriodSeconds")
          .message(2, "preconditions", PRECONDITIONS)
          .boolPtr(3, "orphanDependents")
          .stringPtr(4, "propagationPolicy")
          .strings(5, "dryRun")
          .build();

  /** policy/v1 Eviction, which {@code kubectl drain} POSTs to a pod's eviction subresource. */
  static final MessageSchema EVICTION =
      MessageSchema.builder("Eviction")
          .message(1, "metadata", OBJECT_META)
          .message(2, "deleteOptions", DELETE_OPTIONS)
          .build();

  private MetaV1Schemas() {}
}
