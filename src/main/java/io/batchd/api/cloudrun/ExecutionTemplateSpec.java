package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** The template every execution of a job starts from; its labels and annotations are copied. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionTemplateSpec(ObjectMeta metadata, ExecutionSpec spec) {}
