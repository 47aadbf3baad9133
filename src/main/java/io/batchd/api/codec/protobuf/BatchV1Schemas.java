package io.batchd.api.codec.protobuf;

import static io.batchd.api.codec.protobuf.MetaV1Schemas.LABEL_SELECTOR;
import static io.batchd.api.codec.protobuf.MetaV1Schemas.OBJECT_META;
import static io.batchd.api.codec.protobuf.ScalarMessages.TIME;

/**
 * Tables for {@code k8s.io/api/batch/v1}: Job with its full spec and status, and CronJob. Field
 * numbers are those of the upstream {@code generated.proto}; pointer-ness follows the Go types.
 */
final class BatchV1Schemas {
  static final MessageSchema POD_FAILURE_POLICY_ON_EXIT_CODES_REQUIREMENT =
      MessageSchema.builder("PodFailurePolicyOnExitCodesRequirement")
          .stringPtr(1, "containerName")
          .string(2, "operator")
          .int32s(3, "values")
          .build();

  static final MessageSchema POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERN =
      MessageSchema.builder("PodFailurePolicyOnPodConditionsPattern")
          .string(1, "type")
          .string(2, "status")
          .build();

  static final MessageSchema POD_FAILURE_POLICY_RULE =
      MessageSchema.builder("PodFailurePolicyRule")
          .string(1, "action")
          .message(2, "onExitCodes", POD_FAILURE_POLICY_ON_EXIT_CODES_REQUIREMENT)
          .repeated(3, "onPodConditions", POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERN)
          .build();

  static final MessageSchema POD_FAILURE_POLICY =
      MessageSchema.builder("PodFailurePolicy")
          .repeated(1, "rules", POD_FAILURE_POLICY_RULE)
          .build();

  static final MessageSchema SUCCESS_POLICY_RULE =
      MessageSchema.builder("SuccessPolicyRule")
          .stringPtr(1, "succeededIndexes")
          .int32Ptr(2, "succeededCount")
          .build();

  static final MessageSchema SUCCESS_POLICY =
      MessageSchema.builder("SuccessPolicy").repeated(1, "rules", SUCCESS_POLICY_RULE).build();

  static final MessageSchema JOB_SPEC =
      MessageSchema.builder("JobSpec")
          .int32Ptr(1, "parallelism")
          .int32Ptr(2, "completions")
          .int64Ptr(3, "activeDeadlineSeconds")
          .message(11, "podFailurePolicy", POD_FAILURE_POLICY)
          .message(16, "successPolicy", SUCCESS_POLICY)
          .int32Ptr(7, "backoffLimit")
          .int32Ptr(12, "backoffLimitPerIndex")
          .int32Ptr(13, "maxFailedIndexes")
          .message(4, "selector", LABEL_SELECTOR)
          .boolPtr(5, "manualSelector")
          .message(6, "template", CoreV1Schemas.POD_TEMPLATE_SPEC)
          .int32Ptr(8, "ttlSecondsAfterFinished")
          .stringPtr(9, "completionMode")
          .boolPtr(10, "suspend")
          .stringPtr(14, "podReplacementPolicy")
          .stringPtr(15, "managedBy")
          .build();

  static final MessageSchema JOB_CONDITION =
      MessageSchema.builder("JobCondition")
          .string(1, "type")
          .string(2, "status")
          .message(3, "lastProbeTime", TIME)
          .message(4, "lastTransitionTime", TIME)
          .string(5, "reason")
          .string(6, "message")
          .build();

  static final MessageSchema UNCOUNTED_TERMINATED_PODS =
      MessageSchema.builder("UncountedTerminatedPods")
          .strings(1, "succeeded")
          .strings(2, "failed")
          .build();

  static final MessageSchema JOB_STATUS =
      MessageSchema.builder("JobStatus")
          .repeated(1, "conditions", JOB_CONDITION)
          .message(2, "startTime", TIME)
          .message(3, "completionTime", TIME)
          .int32(4, "active")
          .int32(5, "succeeded")
          .int32(6, "failed")
          .int32Ptr(11, "terminating")
          .string(7, "completedIndexes")
          .stringPtr(10, "failedIndexes")
          .message(8, "uncountedTerminatedPods", UNCOUNTED_TERMINATED_PODS)
          .int32Ptr(9, "ready")
          .build();

  static final MessageSchema JOB =
      MessageSchema.builder("Job")
          .message(1, "metadata", OBJECT_META)
          .message(2, "spec", JOB_SPEC)
          .message(3, "status", JOB_STATUS)
          .build();

  static final MessageSchema JOB_TEMPLATE_SPEC =
      MessageSchema.builder("JobTemplateSpec")
          .message(1, "metadata", OBJECT_META)
          .message(2, "spec", JOB_SPEC)
          .build();

  static final MessageSchema CRON_JOB_SPEC =
      MessageSchema.builder("CronJobSpec")
          .string(1, "schedule")
          .stringPtr(8, "timeZone")
          .int64Ptr(2, "startingDeadlineSeconds")
          .string(3, "concurrencyPolicy")
          .boolPtr(4, "suspend")
          .message(5, "jobTemplate", JOB_TEMPLATE_SPEC)
          .int32Ptr(6, "successfulJobsHistoryLimit")
          .int32Ptr(7, "failedJobsHistoryLimit")
          .build();

  static final MessageSchema CRON_JOB_STATUS =
      MessageSchema.builder("CronJobStatus")
          .repeated(1, "active", CoreV1Schemas.OBJECT_REFERENCE)
          .message(4, "lastScheduleTime", TIME)
          .message(5, "lastSuccessfulTime", TIME)
          .build();

  static final MessageSchema CRON_JOB =
      MessageSchema.builder("CronJob")
          .message(1, "metadata", OBJECT_META)
          .message(2, "spec", CRON_JOB_SPEC)
          .message(3, "status", CRON_JOB_STATUS)
          .build();

  private BatchV1Schemas() {}
}
