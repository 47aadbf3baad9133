package io.batchd.api.validation;

import io.batchd.api.errors.FieldError;
import io.batchd.api.selectors.LabelValidation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Object metadata rules that every resource shares (upstream's {@code ValidateObjectMeta} and
 * {@code ValidateObjectMetaUpdate}, with core's finalizer-name check): name and generateName,
 * namespace, generation, labels, annotations, owner references, finalizers, and on update the
 * fields that may never change. Managed fields are not checked.
 */
public final class ObjectMetaValidation {
  /** Upstream's {@code TotalAnnotationSizeLimitB}: 256 KiB of keys and values together. */
  public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

  private static final Set<String> STANDARD_FINALIZERS =
      Set.of("kubernetes", "orphan", "foregroundDeletion");

  private ObjectMetaValidation() {}

  /**
   * Create-time metadata rules.
   *
   * @param nameRule the resource's name rule, e.g. {@link DnsNames#nameIsDnsSubdomain}; its second
   *     argument says whether the value is a {@code generateName} prefix
   */
  public static List<FieldError> validateCreate(
      ObjectMeta meta,
      boolean requiresNamespace,
      BiFunction<String, Boolean, List<String>> nameRule,
      FieldPath path) {
    ObjectMeta m = meta == null ? new ObjectMeta() : meta;
    List<FieldError> errs = new ArrayList<>();
    String generateName = m.getGenerateName();
    if (generateName != null && !generateName.isEmpty()) {
      for (String msg : nameRule.apply(generateName, true)) {
        errs.add(FieldError.invalid(path.child("generateName").toString(), generateName, msg));
      }
    }
    String name = m.getName();
    if (name == null || name.isEmpty()) {
      errs.add(
          FieldError.required(path.child("name").toString(), "name or generateName is required"));
    } else {
      for (String msg : nameRule.apply(name, false)) {
        errs.add(FieldError.invalid(path.child("name").toString(), name, msg));
      }
    }
    errs.addAll(validateCommon(m, requiresNamespace, path));
    return errs;
  }

  /**
   * Update-time metadata rules. Unlike upstream's, they leave {@code resourceVersion} alone: the
   * registry checks it (optimistic concurrency, unconditional updates) before validation runs.
   */
  public static List<FieldError> validateUpdate(
      ObjectMeta newMeta, ObjectMeta oldMeta, FieldPath path) {
    ObjectMeta n = newMeta == null ? new ObjectMeta() : newMeta;
    ObjectMeta o = oldMeta == null ? new ObjectMeta() : oldMeta;
    List<FieldError> errs = new ArrayList<>();
    if (o.getDeletionTimestamp() != null) {
      List<String> added = new ArrayList<>(nonNull(n.getFinalizers()));
      added.removeAll(nonNull(o.getFinalizers()));
      if (!added.isEmpty()) {
        errs.add(
            FieldError.forbidden(
                path.child("finalizers").toString(),
                "no new finalizers can be added if the object is being deleted, found new"
                    + " finalizers "
                    + GoValues.stringSlice(added.stream().distinct().sorted().toList())));
      }
    }
    long newGeneration = n.getGeneration() == null ? 0 : n.getGeneration();
    long oldGeneration = o.getGeneration() == null ? 0 : o.getGeneration();
    if (newGeneration < oldGeneration) {
      errs.add(
          FieldError.invalid(
              path.child("generation").toString(), newGeneration, "must not be decremented"));
    }
    errs.addAll(immutableString(n.getName(), o.getName(), path.child("name")));
    errs.addAll(immutableString(n.getNamespace(), o.getNamespace(), path.child("namespace")));
    errs.addAll(immutableString(n.getUid(), o.getUid(), path.child("uid")));
    errs.addAll(
        immutableTime(
            n.getCreationTimestamp(), o.getCreationTimestamp(), path.child("creationTimestamp")));
    errs.addAll(
        immutableTime(
            n.getDeletionTimestamp(), o.getDeletionTimestamp(), path.child("deletionTimestamp")));
    if (!Objects.equals(n.getDeletionGracePeriodSeconds(), o.getDeletionGracePeriodSeconds())) {
      errs.add(
          FieldError.invalid(
              path.child("deletionGracePeriodSeconds").toString(),
              GoValues.orNil(n.getDeletionGracePeriodSeconds()),
              ValidationMessages.FIELD_IMMUTABLE));
    }
    errs.addAll(LabelFieldValidation.validateLabels(n.getLabels(), path.child("labels")));
    errs.addAll(validateAnnotations(n.getAnnotations(), path.child("annotations")));
    errs.addAll(validateOwnerReferences(n.getOwnerReferences(), path.child("ownerReferences")));
    errs.addAll(validateFinalizers(n.getFinalizers(), path.child("finalizers")));
    return errs;
  }

  /** Keys must be qualified names (case-insensitively); keys and values at most 256 KiB. */
  public static List<FieldError> validateAnnotations(
      Map<String, String> annotations, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (annotations == null) {
      return errs;
    }
    long size = 0;
    for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
      for (String msg : LabelValidation.qualifiedNameErrors(e.getKey().toLowerCase(Locale.ROOT))) {
        errs.add(FieldError.invalid(path.toString(), e.getKey(), msg));
      }
      size += Utf8.length(e.getKey()) + (e.getValue() == null ? 0 : Utf8.length(e.getValue()));
    }
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
      errs.add(FieldError.tooLong(path.toString(), "", TOTAL_ANNOTATION_SIZE_LIMIT));
    }
    return errs;
  }

  private static List<FieldError> validateCommon(
      ObjectMeta m, boolean requiresNamespace, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String namespace = m.getNamespace();
    if (requiresNamespace) {
      if (namespace == null || namespace.isEmpty()) {
        errs.add(FieldError.required(path.child("namespace").toString(), ""));
      } else {
        for (String msg : DnsNames.nameIsDnsLabel(namespace, false)) {
          errs.add(FieldError.invalid(path.child("namespace").toString(), namespace, msg));
        }
      }
    } else if (namespace != null && !namespace.isEmpty()) {
      errs.add(
          FieldError.forbidden(path.child("namespace").toString(), "not allowed on this type"));
    }
    errs.addAll(
        FieldErrors.nonNegative(
            m.getGeneration() == null ? 0 : m.getGeneration(), path.child("generation")));
    errs.addAll(LabelFieldValidation.validateLabels(m.getLabels(), path.child("labels")));
    errs.addAll(validateAnnotations(m.getAnnotations(), path.child("annotations")));
    errs.addAll(validateOwnerReferences(m.getOwnerReferences(), path.child("ownerReferences")));
    errs.addAll(validateFinalizers(m.getFinalizers(), path.child("finalizers")));
    return errs;
  }

  private static List<FieldError> validateOwnerReferences(
      List<OwnerReference> refs, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String firstController = "";
    for (OwnerReference ref : nonNull(refs)) {
      String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
      String[] gv = groupVersion(apiVersion);
      String kind = ref.getKind() == null ? "" : ref.getKind();
      if (gv[1].isEmpty()) {
        errs.add(
            FieldError.invalid(
                path.child("apiVersion").toString(), apiVersion, "version must not be empty"));
      }
      if (kind.isEmpty()) {
        errs.add(FieldError.invalid(path.child("kind").toString(), kind, "must not be empty"));
      }
      if (ref.getName() == null || ref.getName().isEmpty()) {
        errs.add(FieldError.invalid(path.child("name").toString(), "", "must not be empty"));
      }
      if (ref.getUid() == null || ref.getUid().isEmpty()) {
        errs.add(FieldError.invalid(path.child("uid").toString(), "", "must not be empty"));
      }
      if (gv[0].isEmpty() && gv[1].equals("v1") && kind.equals("Event")) {
        errs.add(
            FieldError.invalid(
                path.toString(),
                GoValues.json(ref),
                "/v1, Kind=Event is disallowed from being an owner"));
      }
      if (Boolean.TRUE.equals(ref.getController())) {
        String current = kind + "/" + ref.getName();
        if (!firstController.isEmpty()) {
          errs.add(
              FieldError.invalid(
                  path.toString(),
                  GoValues.json(refs),
                  "Only one reference can have Controller set to true. Found \"true\" in"
                      + " references for "
                      + firstController
                      + " and "
                      + current));
        } else {
          firstController = current;
        }
      }
    }
    return errs;
  }

  // {group, version} of an apiVersion; both empty when it does not parse (more than one slash).
  private static String[] groupVersion(String apiVersion) {
    String[] parts = apiVersion.split("/", -1);
    return switch (parts.length) {
      case 1 -> new String[] {"", parts[0]};
      case 2 -> new String[] {parts[0], parts[1]};
      default -> new String[] {"", ""};
    };
  }

  private static List<FieldError> validateFinalizers(List<String> finalizers, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<String> all = nonNull(finalizers);
    for (String f : all) {
      errs.addAll(LabelFieldValidation.validateQualifiedName(f, path));
    }
    if (all.contains("orphan") && all.contains("foregroundDeletion")) {
      errs.add(
          FieldError.invalid(
              path.toString(),
              GoValues.stringSlice(all),
              "finalizer orphan and foregroundDeletion cannot be both set"));
    }
    // Core's extra rule: an unqualified finalizer must be one Kubernetes itself defines.
    for (int i = 0; i < all.size(); i++) {
      String f = all.get(i);
      if (!f.contains("/") && !STANDARD_FINALIZERS.contains(f)) {
        errs.add(
            FieldError.invalid(
                path.index(i).toString(),
                f,
                "name is neither a standard finalizer name nor is it fully qualified"));
      }
    }
    return errs;
  }

  private static List<FieldError> immutableString(String newValue, String oldValue, FieldPath p) {
    String n = newValue == null ? "" : newValue;
    String o = oldValue == null ? "" : oldValue;
    return n.equals(o)
        ? List.of()
        : List.of(FieldError.invalid(p.toString(), n, ValidationMessages.FIELD_IMMUTABLE));
  }

  private static List<FieldError> immutableTime(String newValue, String oldValue, FieldPath p) {
    if (Objects.equals(instantOrText(newValue), instantOrText(oldValue))) {
      return List.of();
    }
    return List.of(
        FieldError.invalid(
            p.toString(), GoValues.time(newValue), ValidationMessages.FIELD_IMMUTABLE));
  }

  private static Object instantOrText(String time) {
    if (time == null || time.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      return time;
    }
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
