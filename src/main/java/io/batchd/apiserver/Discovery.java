package io.batchd.apiserver;

import io.batchd.registry.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The discovery documents kubectl and client libraries read before anything else: {@code /api},
 * {@code /apis} (plain and aggregated, v2 and v2beta1), and one resource list per group version.
 */
final class Discovery {
  static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  /**
   * Subresources whose verbs and kinds differ from {@code status}'s, as kube-apiserver lists them:
   * a pod's binding (a core Binding), eviction (a policy/v1 Eviction) and log.
   */
  private record Subresource(List<String> verbs, String group, String version, String kind) {}

  private static final Map<String, Subresource> SUBRESOURCES =
      Map.of(
          "binding", new Subresource(List.of("create"), "", "v1", "Binding"),
          "eviction", new Subresource(List.of("create"), "policy", "v1", "Eviction"),
          "log", new Subresource(List.of("get"), null, null, null));

  private final List<ResourceType<?>> types;
  private final Map<ResourceType<?>, List<String>> verbs;

  /** Discovery of {@code verbs}' types, each with the verbs of the resource itself. */
  Discovery(Map<ResourceType<?>, List<String>> verbs) {
    this.types = List.copyOf(verbs.keySet());
    this.verbs = verbs;
  }

  private static Subresource subresource(ResourceType<?> t, String name) {
    Subresource s = SUBRESOURCES.get(name);
    if (s == null) {
      return new Subresource(SUBRESOURCE_VERBS, t.group(), t.version(), t.kind());
    }
    return s.kind() == null ? new Subresource(s.verbs(), t.group(), t.version(), t.kind()) : s;
  }

  /** Group names in the order served: the core group first, then the others by name. */
  private Map<String, List<ResourceType<?>>> byGroupVersion(boolean core) {
    Map<String, List<ResourceType<?>>> groups = new TreeMap<>();
    for (ResourceType<?> t : types) {
      if (t.group().isEmpty() == core) {
        groups.computeIfAbsent(t.apiVersion(), k -> new ArrayList<>()).add(t);
      }
    }
    return groups;
  }

  boolean servesGroupVersion(String group, String version) {
    return types.stream().anyMatch(t -> t.group().equals(group) && t.version().equals(version));
  }

  Map<String, Object> apiVersions(String serverAddress) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "APIVersions");
    doc.put("versions", List.of("v1"));
    doc.put(
        "serverAddressByClientCIDRs",
        List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", serverAddress)));
    return doc;
  }

  Map<String, Object> apiGroupList() {
    List<Map<String, Object>> groups = new ArrayList<>();
    Map<String, List<String>> versions = new TreeMap<>();
    for (ResourceType<?> t : types) {
      if (!t.group().isEmpty()) {
        List<String> vs = versions.computeIfAbsent(t.group(), g -> new ArrayList<>());
        if (!vs.contains(t.version())) {
          vs.add(t.version());
        }
      }
    }
    versions.forEach(
        (group, vs) -> {
          Map<String, Object> g = new LinkedHashMap<>();
          g.put("name", group);
          g.put(
              "versions",
              vs.stream().map(v -> Map.of("groupVersion", group + "/" + v, "version", v)).toList());
          g.put(
              "preferredVersion",
              Map.of("groupVersion", group + "/" + vs.get(0), "version", vs.get(0)));
          groups.add(g);
        });
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    doc.put("groups", groups);
    return doc;
  }

  Map<String, Object> resourceList(String group, String version) {
    List<Map<String, Object>> resources = new ArrayList<>();
    for (ResourceType<?> t : types) {
      if (!t.group().equals(group) || !t.version().equals(version)) {
        continue;
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", t.resource());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      r.put("verbs", verbs.get(t));
      if (!t.shortNames().isEmpty()) {
        r.put("shortNames", t.shortNames());
      }
      if (!t.categories().isEmpty()) {
        r.put("categories", t.categories());
      }
      resources.add(r);
      for (String sub : t.subresources()) {
        Subresource d = subresource(t, sub);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", t.resource() + "/" + sub);
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        if (!d.group().equals(t.group()) || !d.version().equals(t.version())) {
          s.put("group", d.group());
          s.put("version", d.version());
        }
        s.put("kind", d.kind());
        s.put("verbs", d.verbs());
        resources.add(s);
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    doc.put("resources", resources);
    return doc;
  }

  /** The aggregated document for {@code /api} (core) or {@code /apis} (named groups). */
  Map<String, Object> aggregated(boolean core, String discoveryVersion) {
    List<Map<String, Object>> items = new ArrayList<>();
    Map<String, List<Map<String, Object>>> versionsByGroup = new LinkedHashMap<>();
    byGroupVersion(core)
        .forEach(
            (gv, list) -> {
              ResourceType<?> first = list.get(0);
              List<Map<String, Object>> resources = new ArrayList<>();
              for (ResourceType<?> t : list) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("resource", t.resource());
                r.put(
                    "responseKind",
                    Map.of("group", t.group(), "version", t.version(), "kind", t.kind()));
                r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                r.put("singularResource", t.singular());
                r.put("verbs", verbs.get(t));
                if (!t.shortNames().isEmpty()) {
                  r.put("shortNames", t.shortNames());
                }
                if (!t.categories().isEmpty()) {
                  r.put("categories", t.categories());
                }
                List<Map<String, Object>> subs = new ArrayList<>();
                for (String sub : t.subresources()) {
                  Subresource d = subresource(t, sub);
                  subs.add(
                      Map.of(
                          "subresource",
                          sub,
                          "responseKind",
                          Map.of("group", d.group(), "version", d.version(), "kind", d.kind()),
                          "verbs",
                          d.verbs()));
                }
                if (!subs.isEmpty()) {
                  r.put("subresources", subs);
                }
                resources.add(r);
              }
              Map<String, Object> version = new LinkedHashMap<>();
              version.put("version", first.version());
              version.put("resources", resources);
              version.put("freshness", "Current");
              versionsByGroup.computeIfAbsent(first.group(), g -> new ArrayList<>()).add(version);
            });
    versionsByGroup.forEach(
        (group, versions) -> {
          Map<String, Object> item = new LinkedHashMap<>();
          Map<String, Object> metadata = new LinkedHashMap<>();
          if (!group.isEmpty()) {
            metadata.put("name", group);
          }
          metadata.put("creationTimestamp", null);
          item.put("metadata", metadata);
          item.put("versions", versions);
          items.add(item);
        });
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "APIGroupDiscoveryList");
    doc.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
    doc.put("metadata", Map.of());
    doc.put("items", items);
    return doc;
  }

  /**
   * The aggregated discovery version the client accepts ({@code v2} or {@code v2beta1}), or null
   * when it wants the plain documents.
   */
  static String aggregatedVersionAccepted(String accept) {
    if (accept == null) {
      return null;
    }
    for (String option : accept.split(",")) {
      String o = option.replace(" ", "");
      if (o.contains("as=APIGroupDiscoveryList") && o.contains("g=apidiscovery.k8s.io")) {
        if (o.contains("v=v2beta1")) {
          return "v2beta1";
        }
        if (o.contains("v=v2")) {
          return "v2";
        }
      }
      if (o.startsWith("application/json") && !o.contains("as=")) {
        return null;
      }
    }
    return null;
  }
}
