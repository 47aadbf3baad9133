package io.batchd.registry.core.podspec;

import io.batchd.api.errors.FieldError;
import io.batchd.api.selectors.LabelValidation;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.GoValue;
import io.batchd.api.validation.ValidationMessages;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A container's {@code resources} (upstream's {@code ValidateResourceRequirements}): resource names
 * standard or fully qualified, quantities non-negative and whole for extended resources, each
 * request at most its limit, and for resources that cannot be overcommitted (extended resources,
 * hugepages) requests equal to limits and limits present.
 *
 * <p>Quantities are shown as written; upstream prints them in canonical form ({@code 1000m} as
 * {@code 1}). Hugepage divisibility and {@code resources.claims} are not checked.
 */
final class ResourceRequirementsValidation {
  private static final Set<String> STANDARD_CONTAINER_RESOURCES =
      Set.of("cpu", "memory", "ephemeral-storage");
  private static final Set<String> STANDARD_RESOURCES =
      Set.of(
          "cpu",
          "memory",
          "ephemeral-storage",
          "requests.cpu",
          "requests.memory",
          "requests.ephemeral-storage",
          "limits.cpu",
          "limits.memory",
          "limits.ephemeral-storage",
          "pods",
          "resourcequotas",
          "services",
          "replicationcontrollers",
          "secrets",
          "configmaps",
          "persistentvolumeclaims",
          "storage",
          "requests.storage",
          "services.nodeports",
          "services.loadbalancers");

  // Upstream's decoder refuses such text with this message before validation runs; fabric8 reads
  // any text, so the same words come back as a field error instead.
  private static final String UNPARSEABLE =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

  private ResourceRequirementsValidation() {}

  static List<FieldError> validate(ResourceRequirements resources, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (resources == null) {
      return errs;
    }
    FieldPath limPath = path.child("limits");
    FieldPath reqPath = path.child("requests");
    Map<String, Quantity> limits =
        resources.getLimits() == null ? Map.of() : new TreeMap<>(resources.getLimits());
    Map<String, Quantity> requests =
        resources.getRequests() == null ? Map.of() : new TreeMap<>(resources.getRequests());
    boolean cpuOrMemory = false;
    boolean hugePages = false;
    for (Map.Entry<String, Quantity> e : limits.entrySet()) {
      FieldPath p = limPath.key(e.getKey());
      errs.addAll(validateName(e.getKey(), p));
      errs.addAll(validateQuantity(e.getKey(), e.getValue(), p));
      hugePages |= isHugePages(e.getKey());
      cpuOrMemory |= e.getKey().equals("cpu") || e.getKey().equals("memory");
    }
    for (Map.Entry<String, Quantity> e : requests.entrySet()) {
      String name = e.getKey();
      FieldPath p = reqPath.key(name);
      errs.addAll(validateName(name, p));
      errs.addAll(validateQuantity(name, e.getValue(), p));
      Quantity limit = limits.get(name);
      if (limit != null) {
        int cmp = compare(e.getValue(), limit);
        if (cmp != 0 && !overcommitAllowed(name)) {
          errs.add(
              FieldError.invalid(
                  reqPath.toString(),
                  text(e.getValue()),
                  "must be equal to " + name + " limit of " + text(limit)));
        } else if (cmp > 0) {
          errs.add(
              FieldError.invalid(
                  reqPath.toString(),
                  text(e.getValue()),
                  "must be less than or equal to " + name + " limit of " + text(limit)));
        }
      } else if (!overcommitAllowed(name)) {
        errs.add(
            FieldError.required(
                limPath.toString(), "Limit must be set for non overcommitable resources"));
      }
      hugePages |= isHugePages(name);
      cpuOrMemory |= name.equals("cpu") || name.equals("memory");
    }
    if (!cpuOrMemory && hugePages) {
      errs.add(FieldError.forbidden(path.toString(), "HugePages require cpu or memory"));
    }
    return errs;
  }

  private static List<FieldError> validateName(String name, FieldPath p) {
    List<FieldError> errs = new ArrayList<>();
    for (String msg : LabelValidation.qualifiedNameErrors(name)) {
      errs.add(FieldError.invalid(p.toString(), name, msg));
    }
    if (!errs.isEmpty()) {
      return errs;
    }
    if (!name.contains("/")) {
      if (!STANDARD_RESOURCES.contains(name) && !isQuotaHugePages(name)) {
        errs.add(
            FieldError.invalid(
                p.toString(), name, "must be a standard resource type or fully qualified"));
      }
      if (!STANDARD_CONTAINER_RESOURCES.contains(name) && !isHugePages(name)) {
        errs.add(
            FieldError.invalid(p.toString(), name, "must be a standard resource for containers"));
      }
    } else if (!isNative(name) && !isExtended(name)) {
      errs.add(
          FieldError.invalid(p.toString(), name, "doesn't follow extended resource name standard"));
    }
    return errs;
  }

  private static List<FieldError> validateQuantity(String name, Quantity q, FieldPath p) {
    List<FieldError> errs = new ArrayList<>();
    BigDecimal amount = amount(q);
    if (amount == null) {
      // fabric8 reads any text; upstream would already have refused to decode it.
      errs.add(FieldError.invalid(p.toString(), text(q), UNPARSEABLE));
      return errs;
    }
    if (amount.signum() < 0) {
      errs.add(FieldError.invalid(p.toString(), text(q), ValidationMessages.IS_NEGATIVE));
    }
    // Extended resources are counted devices: no fractions (upstream rounds up to milli first).
    if (isExtended(name)
        && amount.setScale(3, RoundingMode.CEILING).remainder(BigDecimal.ONE).signum() != 0) {
      errs.add(FieldError.invalid(p.toString(), new GoValue(text(q)), "must be an integer"));
    }
    return errs;
  }

  private static int compare(Quantity a, Quantity b) {
    BigDecimal x = amount(a);
    BigDecimal y = amount(b);
    return x == null || y == null ? 0 : x.compareTo(y);
  }

  private static BigDecimal amount(Quantity q) {
    try {
      return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String text(Quantity q) {
    if (q == null) {
      return "0";
    }
    return (q.getAmount() == null ? "" : q.getAmount())
        + (q.getFormat() == null ? "" : q.getFormat());
  }

  private static boolean isHugePages(String name) {
    return name.startsWith("hugepages-");
  }

  private static boolean isQuotaHugePages(String name) {
    return name.startsWith("hugepages-") || name.startsWith("requests.hugepages-");
  }

  // Native: unprefixed, or prefixed within kubernetes.io.
  private static boolean isNative(String name) {
    return !name.contains("/") || name.contains("kubernetes.io/");
  }

  private static boolean isExtended(String name) {
    if (isNative(name) || name.startsWith("requests.")) {
      return false;
    }
    return LabelValidation.qualifiedNameErrors("requests." + name).isEmpty();
  }

  private static boolean overcommitAllowed(String name) {
    return isNative(name) && !isHugePages(name);
  }
}
