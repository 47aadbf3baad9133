package io.batchd.registry.core.podspec;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DnsNames;
import io.batchd.api.validation.FieldPath;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's {@code volumes} (upstream's {@code ValidateVolumes}): names required, DNS labels and
 * unique; exactly one source per volume; and for the sources batchd can serve, their required
 * fields: {@code hostPath.path}, {@code secret.secretName}, {@code configMap.name}, {@code
 * persistentVolumeClaim.claimName}, a non-negative {@code emptyDir.sizeLimit} and file modes within
 * 0777. Other per-source rules (cloud disks, CSI, projections) are not checked.
 */
final class VolumeValidation {
  /**
   * Volume sources in upstream's checking order, with the field name upstream's "more than one"
   * error uses (two keep upstream's spelling: {@code cephFS} and {@code downwarAPI}).
   */
  private static final Map<String, String> SOURCES = new LinkedHashMap<>();

  static {
    for (String s :
        List.of(
            "emptyDir",
            "hostPath",
            "gitRepo",
            "gcePersistentDisk",
            "awsElasticBlockStore",
            "secret",
            "nfs",
            "iscsi",
            "glusterfs",
            "flocker",
            "persistentVolumeClaim",
            "rbd",
            "cinder",
            "cephfs:cephFS",
            "quobyte",
            "downwardAPI:downwarAPI",
            "fc",
            "flexVolume",
            "configMap",
            "azureFile",
            "vsphereVolume",
            "photonPersistentDisk",
            "portworxVolume",
            "azureDisk",
            "storageos",
            "projected",
            "scaleIO",
            "csi",
            "ephemeral",
            "image")) {
      String[] parts = s.split(":");
      SOURCES.put(parts[0], parts.length > 1 ? parts[1] : parts[0]);
    }
  }

  private static final String FILE_MODE_MSG =
      "must be a number between 0 and 0777 (octal), both inclusive";

  private VolumeValidation() {}

  /** Outcome: the errors, and the names of the volumes that passed (mounts may refer to them). */
  record Result(List<FieldError> errors, Set<String> validNames) {}

  static Result validate(List<Volume> volumes, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < volumes.size(); i++) {
      Volume v = volumes.get(i);
      FieldPath idx = path.index(i);
      FieldPath namePath = idx.child("name");
      String name = v.getName() == null ? "" : v.getName();
      List<FieldError> el = new ArrayList<>(validateSource(v, idx));
      if (name.isEmpty()) {
        el.add(FieldError.required(namePath.toString(), ""));
      } else {
        for (String msg : DnsNames.isDns1123Label(name)) {
          el.add(FieldError.invalid(namePath.toString(), name, msg));
        }
      }
      if (names.contains(name)) {
        el.add(FieldError.duplicate(namePath.toString(), name));
      }
      // Only a volume without errors counts as defined; mounts of the others are "not found".
      if (el.isEmpty()) {
        names.add(name);
      } else {
        errs.addAll(el);
      }
    }
    return new Result(errs, names);
  }

  private static List<FieldError> validateSource(Volume v, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> present = ModelFields.setFields(v);
    int count = 0;
    for (Map.Entry<String, String> source : SOURCES.entrySet()) {
      if (!present.contains(source.getKey())) {
        continue;
      }
      if (count > 0) {
        errs.add(
            FieldError.forbidden(
                path.child(source.getValue()).toString(),
                "may not specify more than 1 volume type"));
        continue;
      }
      count++;
      errs.addAll(validateOne(v, source.getKey(), path));
    }
    if (count == 0) {
      errs.add(FieldError.required(path.toString(), "must specify a volume type"));
    }
    return errs;
  }

  private static List<FieldError> validateOne(Volume v, String source, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    switch (source) {
      case "emptyDir" -> {
        Quantity limit = v.getEmptyDir().getSizeLimit();
        if (limit != null && isNegative(limit)) {
          errs.add(
              FieldError.forbidden(
                  path.child("emptyDir", "sizeLimit").toString(),
                  "SizeLimit field must be a valid resource quantity"));
        }
      }
      case "hostPath" -> {
        String p = v.getHostPath().getPath();
        if (p == null || p.isEmpty()) {
          errs.add(FieldError.required(path.child("hostPath", "path").toString(), ""));
        }
      }
      case "secret" -> {
        String secretName = v.getSecret().getSecretName();
        if (secretName == null || secretName.isEmpty()) {
          errs.add(FieldError.required(path.child("secret", "secretName").toString(), ""));
        }
        errs.addAll(fileMode(v.getSecret().getDefaultMode(), path.child("secret", "defaultMode")));
      }
      case "configMap" -> {
        String name = v.getConfigMap().getName();
        if (name == null || name.isEmpty()) {
          errs.add(FieldError.required(path.child("configMap", "name").toString(), ""));
        }
        errs.addAll(
            fileMode(v.getConfigMap().getDefaultMode(), path.child("configMap", "defaultMode")));
      }
      case "persistentVolumeClaim" -> {
        String claim = v.getPersistentVolumeClaim().getClaimName();
        if (claim == null || claim.isEmpty()) {
          errs.add(
              FieldError.required(path.child("persistentVolumeClaim", "claimName").toString(), ""));
        }
      }
      default -> {}
    }
    return errs;
  }

  private static List<FieldError> fileMode(Integer mode, FieldPath path) {
    if (mode != null && (mode > 0777 || mode < 0)) {
      return List.of(FieldError.invalid(path.toString(), mode, FILE_MODE_MSG));
    }
    return List.of();
  }

  private static boolean isNegative(Quantity q) {
    try {
      return q.getNumericalAmount().compareTo(BigDecimal.ZERO) < 0;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
