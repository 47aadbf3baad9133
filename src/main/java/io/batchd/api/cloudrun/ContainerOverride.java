package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

/** Per-execution changes to one container: new args (or none) and extra or replaced env vars. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerOverride(
    String name, List<String> args, Boolean clearArgs, List<EnvVar> env) {}
