package io.batchd.apiserver.openapi;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;
import java.util.Map;
import java.util.Set;

/**
 * The upstream definition name of a fabric8 model class: {@code io.k8s.api.batch.v1.Job} for
 * fabric8's {@code batch.v1.Job}. Clients look definitions up by these names (kubectl's explain
 * prints the last segment as the field's type), so they must be upstream's, not Java's.
 */
final class SchemaNames {
  static final String TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
  static final String META_V1 = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  /** Classes whose Go package is not the one their fabric8 package suggests. */
  private static final Map<Class<?>, String> SPECIAL =
      Map.of(
          Quantity.class, "io.k8s.apimachinery.pkg.api.resource.Quantity",
          IntOrString.class, "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
          RawExtension.class, "io.k8s.apimachinery.pkg.runtime.RawExtension",
          io.fabric8.kubernetes.api.model.version.Info.class,
              "io.k8s.apimachinery.pkg.version.Info");

  /**
   * fabric8 keeps meta/v1's types in the same Java package as core/v1's; these are the meta ones.
   */
  private static final Set<String> META_TYPES =
      Set.of(
          "APIGroup",
          "APIGroupList",
          "APIResource",
          "APIResourceList",
          "APIVersions",
          "Condition",
          "CreateOptions",
          "DeleteOptions",
          "Duration",
          "FieldSelectorRequirement",
          "FieldsV1",
          "GetOptions",
          "GroupKind",
          "GroupResource",
          "GroupVersionForDiscovery",
          "GroupVersionKind",
          "GroupVersionResource",
          "LabelSelector",
          "LabelSelectorRequirement",
          "ListMeta",
          "ListOptions",
          "ManagedFieldsEntry",
          "MicroTime",
          "ObjectMeta",
          "OwnerReference",
          "PartialObjectMetadata",
          "PartialObjectMetadataList",
          "Patch",
          "PatchOptions",
          "Preconditions",
          "RootPaths",
          "ServerAddressByClientCIDR",
          "Status",
          "StatusCause",
          "StatusDetails",
          "Table",
          "TableColumnDefinition",
          "TableOptions",
          "TableRow",
          "TableRowCondition",
          "TypeMeta",
          "UpdateOptions",
          "WatchEvent");

  private SchemaNames() {}

  /**
   * The definition name of {@code type}.
   *
   * @throws IllegalArgumentException if {@code type} is not a fabric8 Kubernetes model class
   */
  static String of(Class<?> type) {
    String special = SPECIAL.get(type);
    if (special != null) {
      return special;
    }
    String pkg = type.getPackageName();
    String name = type.getSimpleName();
    if (pkg.equals(MODEL_PACKAGE)) {
      return (META_TYPES.contains(name) ? META_V1 : "io.k8s.api.core.v1.") + name;
    }
    if (pkg.startsWith(MODEL_PACKAGE + ".")) {
      // io.fabric8.kubernetes.api.model.batch.v1 -> io.k8s.api.batch.v1, as Go's k8s.io/api.
      return "io.k8s.api." + pkg.substring(MODEL_PACKAGE.length() + 1) + "." + name;
    }
    throw new IllegalArgumentException(type.getName() + " is not a Kubernetes model class");
  }

  /** Whether {@code type} is a model class that gets a definition of its own. */
  static boolean isModel(Class<?> type) {
    return SPECIAL.containsKey(type)
        || type.getPackageName().equals(MODEL_PACKAGE)
        || type.getPackageName().startsWith(MODEL_PACKAGE + ".");
  }
}
