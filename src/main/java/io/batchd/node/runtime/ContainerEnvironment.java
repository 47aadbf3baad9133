package io.batchd.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's declared environment, resolved as the kubelet does: {@code envFrom} sources first,
 * then {@code env} in order, a later variable replacing an earlier one of the same name. A {@code
 * value} may refer to variables declared before it with {@code $(NAME)}; {@code valueFrom} reads
 * pod fields ({@code fieldRef}) or the container's resources ({@code resourceFieldRef}).
 *
 * <p>batchd serves no ConfigMaps or Secrets yet: a reference to one fails the container with a
 * configuration error unless it is marked {@code optional}, in which case it is skipped (as the
 * kubelet skips an optional reference to a missing object).
 *
 * <p>The values are in the container's view: paths are not rewritten here.
 */
final class ContainerEnvironment {
  private final PodFieldValues fields;
  private final ResourceFieldValues resources;

  ContainerEnvironment(PodFieldValues fields, ResourceFieldValues resources) {
    this.fields = fields;
    this.resources = resources;
  }

  /** The declared variables of {@code container}, in declaration order (first occurrence). */
  Map<String, String> resolve(Container container) throws ContainerConfigException {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource source : nullToEmpty(container.getEnvFrom())) {
      if (source.getConfigMapRef() != null) {
        if (!Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
          throw missing("configmap", source.getConfigMapRef().getName());
        }
      } else if (source.getSecretRef() != null) {
        if (!Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
          throw missing("secret", source.getSecretRef().getName());
        }
      }
    }
    for (EnvVar var : nullToEmpty(container.getEnv())) {
      String value = var.getValue() == null ? "" : var.getValue();
      EnvVarSource from = var.getValueFrom();
      if (!value.isEmpty()) {
        value = VariableExpansion.expand(value, env::get);
      } else if (from != null) {
        if (from.getFieldRef() != null) {
          value = fields.forEnv(from.getFieldRef());
        } else if (from.getResourceFieldRef() != null) {
          value = resources.value(from.getResourceFieldRef(), container);
        } else if (from.getConfigMapKeyRef() != null) {
          if (Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional())) {
            continue;
          }
          throw missing("configmap", from.getConfigMapKeyRef().getName());
        } else if (from.getSecretKeyRef() != null) {
          if (Boolean.TRUE.equals(from.getSecretKeyRef().getOptional())) {
            continue;
          }
          throw missing("secret", from.getSecretKeyRef().getName());
        } else {
          throw new ContainerConfigException(
              "env "
                  + var.getName()
                  + ": valueFrom has no source batchd supports"
                  + " (fieldRef, resourceFieldRef)");
        }
      }
      env.put(var.getName(), value);
    }
    return env;
  }

  private static ContainerConfigException missing(String kind, String name) {
    return new ContainerConfigException(
        kind
            + " \""
            + name
            + "\" not found: batchd does not serve ConfigMaps or Secrets yet; set the value"
            + " inline or mark the reference optional: true");
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
