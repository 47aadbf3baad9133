package io.batchd.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * What the API says about one kind of resource: its names for discovery, its scope, and where its
 * objects live in the store.
 *
 * @param group the API group, empty for the core group
 * @param version the served version
 * @param resource the plural, lower-case name used in paths ({@code jobs})
 * @param singular the singular name ({@code job})
 * @param kind the object kind ({@code Job})
 * @param namespaced whether objects live in namespaces
 * @param shortNames abbreviations kubectl accepts ({@code ns})
 * @param categories groups such as {@code all}
 * @param subresources served subresources, such as {@code status}
 * @param type the model class
 */
public record ResourceType<T extends HasMetadata>(
    String group,
    String version,
    String resource,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> subresources,
    Class<T> type) {

  /** {@code batch/v1}, or {@code v1} for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The name in messages: {@code jobs.batch}, or {@code namespaces} for the core group. */
  public String qualifiedName() {
    return group.isEmpty() ? resource : resource + "." + group;
  }

  /** The store prefix of every object of this type, in every namespace. */
  public String keyPrefix() {
    return "/registry/" + (group.isEmpty() ? "core" : group) + "/" + resource + "/";
  }

  /** The store prefix of the objects in {@code namespace}, or of all when it is null. */
  public String keyPrefix(String namespace) {
    return namespace == null || !namespaced ? keyPrefix() : keyPrefix() + namespace + "/";
  }

  public String key(String namespace, String name) {
    return namespaced ? keyPrefix() + namespace + "/" + name : keyPrefix() + name;
  }

  public boolean hasStatus() {
    return subresources.contains("status");
  }
}
