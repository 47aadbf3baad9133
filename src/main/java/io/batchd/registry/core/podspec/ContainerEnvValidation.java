package io.batchd.registry.core.podspec;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.ConfigMapKeys;
import io.batchd.api.validation.DnsNames;
import io.batchd.api.validation.EnvVarNames;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.LabelFieldValidation;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's {@code env} and {@code envFrom} (upstream's {@code ValidateEnv}, {@code
 * ValidateEnvFrom}): variable names and prefixes (relaxed rules: printable ASCII without {@code
 * =}), exactly one {@code valueFrom} source and no {@code value} beside it, downward-API field
 * paths the pod can expose, resource fields, and ConfigMap/Secret references and keys. Resource
 * divisors and {@code fileKeyRef} sources are not checked.
 */
final class ContainerEnvValidation {
  // Field paths a container's environment may read (sorted, as upstream lists them).
  private static final List<String> ENV_FIELD_PATHS =
      List.of(
          "metadata.name",
          "metadata.namespace",
          "metadata.uid",
          "spec.nodeName",
          "spec.serviceAccountName",
          "status.hostIP",
          "status.hostIPs",
          "status.podIP",
          "status.podIPs");
  // Field labels the v1 downward API knows at all; the others fail conversion.
  private static final Set<String> KNOWN_FIELD_LABELS =
      Set.of(
          "metadata.annotations",
          "metadata.labels",
          "metadata.name",
          "metadata.namespace",
          "metadata.uid",
          "spec.nodeName",
          "spec.restartPolicy",
          "spec.serviceAccountName",
          "spec.schedulerName",
          "status.phase",
          "status.hostIP",
          "status.hostIPs",
          "status.podIP",
          "status.podIPs");
  private static final List<String> RESOURCE_FIELDS =
      List.of(
          "limits.cpu",
          "limits.ephemeral-storage",
          "limits.memory",
          "requests.cpu",
          "requests.ephemeral-storage",
          "requests.memory");
  private static final Pattern SUBSCRIPTED = Pattern.compile("(.+?)\\['(.*)'\\]", Pattern.DOTALL);

  private ContainerEnvValidation() {}

  static List<FieldError> validateEnv(List<EnvVar> vars, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      EnvVar ev = vars.get(i);
      FieldPath idx = path.index(i);
      String name = ev.getName() == null ? "" : ev.getName();
      if (name.isEmpty()) {
        errs.add(FieldError.required(idx.child("name").toString(), ""));
      } else {
        for (String msg : EnvVarNames.isRelaxedEnvVarName(name)) {
          errs.add(FieldError.invalid(idx.child("name").toString(), name, msg));
        }
      }
      errs.addAll(validateValueFrom(ev, idx.child("valueFrom")));
    }
    return errs;
  }

  private static List<FieldError> validateValueFrom(EnvVar ev, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    EnvVarSource from = ev.getValueFrom();
    if (from == null) {
      return errs;
    }
    int sources = 0;
    if (from.getFieldRef() != null) {
      sources++;
      errs.addAll(validateFieldRef(from.getFieldRef(), path.child("fieldRef")));
    }
    if (from.getResourceFieldRef() != null) {
      sources++;
      errs.addAll(
          validateResourceFieldRef(from.getResourceFieldRef(), path.child("resourceFieldRef")));
    }
    if (from.getConfigMapKeyRef() != null) {
      sources++;
      errs.addAll(
          validateKeyRef(
              from.getConfigMapKeyRef().getName(),
              from.getConfigMapKeyRef().getKey(),
              path.child("configMapKeyRef")));
    }
    if (from.getSecretKeyRef() != null) {
      sources++;
      errs.addAll(
          validateKeyRef(
              from.getSecretKeyRef().getName(),
              from.getSecretKeyRef().getKey(),
              path.child("secretKeyRef")));
    }
    if (sources == 0) {
      errs.add(
          FieldError.invalid(
              path.toString(),
              "",
              "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or"
                  + " `secretKeyRef`"));
    } else if (ev.getValue() != null && !ev.getValue().isEmpty()) {
      errs.add(
          FieldError.invalid(
              path.toString(), "", "may not be specified when `value` is not empty"));
    } else if (sources > 1) {
      errs.add(
          FieldError.invalid(
              path.toString(), "", "may not have more than one field specified at a time"));
    }
    return errs;
  }

  private static List<FieldError> validateFieldRef(ObjectFieldSelector fs, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String apiVersion = fs.getApiVersion() == null ? "" : fs.getApiVersion();
    String fieldPath = fs.getFieldPath() == null ? "" : fs.getFieldPath();
    if (apiVersion.isEmpty()) {
      errs.add(FieldError.required(path.child("apiVersion").toString(), ""));
      return errs;
    }
    if (fieldPath.isEmpty()) {
      errs.add(FieldError.required(path.child("fieldPath").toString(), ""));
      return errs;
    }
    String conversionError = conversionError(apiVersion, fieldPath);
    if (conversionError != null) {
      errs.add(
          FieldError.invalid(
              path.child("fieldPath").toString(),
              fieldPath,
              "error converting fieldPath: " + conversionError));
      return errs;
    }
    // "spec.host" is an old alias the conversion rewrites.
    String internal = fieldPath.equals("spec.host") ? "spec.nodeName" : fieldPath;
    Matcher m = SUBSCRIPTED.matcher(internal);
    if (m.matches()) {
      switch (m.group(1)) {
        case "metadata.annotations" ->
            errs.addAll(
                LabelFieldValidation.validateQualifiedName(
                    m.group(2).toLowerCase(Locale.ROOT), path));
        case "metadata.labels" ->
            errs.addAll(LabelFieldValidation.validateQualifiedName(m.group(2), path));
        default ->
            errs.add(FieldError.invalid(path.toString(), m.group(1), "does not support subscript"));
      }
    } else if (!ENV_FIELD_PATHS.contains(internal)) {
      errs.add(
          FieldError.notSupported(path.child("fieldPath").toString(), internal, ENV_FIELD_PATHS));
    }
    return errs;
  }

  // Upstream's ConvertDownwardAPIFieldLabel errors, or null when the label converts.
  private static String conversionError(String apiVersion, String label) {
    if (!apiVersion.equals("v1")) {
      return "unsupported pod version: " + apiVersion;
    }
    Matcher m = SUBSCRIPTED.matcher(label);
    if (m.matches()) {
      String p = m.group(1);
      return p.equals("metadata.annotations") || p.equals("metadata.labels")
          ? null
          : "field label does not support subscript: " + label;
    }
    return KNOWN_FIELD_LABELS.contains(label) || label.equals("spec.host")
        ? null
        : "field label not supported: " + label;
  }

  private static List<FieldError> validateResourceFieldRef(
      ResourceFieldSelector fs, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String resource = fs.getResource() == null ? "" : fs.getResource();
    if (resource.isEmpty()) {
      errs.add(FieldError.required(path.child("resource").toString(), ""));
    } else if (!RESOURCE_FIELDS.contains(resource)
        && !resource.startsWith("requests.hugepages-")
        && !resource.startsWith("limits.hugepages-")) {
      errs.add(
          FieldError.notSupported(path.child("resource").toString(), resource, RESOURCE_FIELDS));
    }
    return errs;
  }

  private static List<FieldError> validateKeyRef(String name, String key, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String n = name == null ? "" : name;
    for (String msg : DnsNames.nameIsDnsSubdomain(n, false)) {
      errs.add(FieldError.invalid(path.child("name").toString(), n, msg));
    }
    String k = key == null ? "" : key;
    if (k.isEmpty()) {
      errs.add(FieldError.required(path.child("key").toString(), ""));
    } else {
      for (String msg : ConfigMapKeys.isConfigMapKey(k)) {
        errs.add(FieldError.invalid(path.child("key").toString(), k, msg));
      }
    }
    return errs;
  }

  static List<FieldError> validateEnvFrom(List<EnvFromSource> sources, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      EnvFromSource ev = sources.get(i);
      FieldPath idx = path.index(i);
      String prefix = ev.getPrefix() == null ? "" : ev.getPrefix();
      if (!prefix.isEmpty()) {
        for (String msg : EnvVarNames.isRelaxedEnvVarName(prefix)) {
          errs.add(FieldError.invalid(idx.child("prefix").toString(), prefix, msg));
        }
      }
      int count = 0;
      if (ev.getConfigMapRef() != null) {
        count++;
        errs.addAll(validateRefName(ev.getConfigMapRef().getName(), idx.child("configMapRef")));
      }
      if (ev.getSecretRef() != null) {
        count++;
        errs.addAll(validateRefName(ev.getSecretRef().getName(), idx.child("secretRef")));
      }
      // Upstream reports these two on the whole list, not the entry.
      if (count == 0) {
        errs.add(
            FieldError.invalid(
                path.toString(), "", "must specify one of: `configMapRef` or `secretRef`"));
      } else if (count > 1) {
        errs.add(
            FieldError.invalid(
                path.toString(), "", "may not have more than one field specified at a time"));
      }
    }
    return errs;
  }

  private static List<FieldError> validateRefName(String name, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String n = name == null ? "" : name;
    if (n.isEmpty()) {
      errs.add(FieldError.required(path.child("name").toString(), ""));
    } else {
      for (String msg : DnsNames.nameIsDnsSubdomain(n, true)) {
        errs.add(FieldError.invalid(path.child("name").toString(), n, msg));
      }
    }
    return errs;
  }
}
