package io.batchd.registry;

import io.batchd.api.errors.StatusException;
import io.batchd.registry.core.NamespaceStrategy;
import io.batchd.store.Store;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every resource the server serves, each with its registry, wired to one store. Namespaces are
 * special: other registries ask them whether an object may be created, and deleting one deletes
 * what is in it.
 */
public final class Registries {
  public static final ResourceType<Namespace> NAMESPACES =
      new ResourceType<>(
          "",
          "v1",
          "namespaces",
          "namespace",
          "Namespace",
          false,
          List.of("ns"),
          List.of(),
          List.of("status"),
          Namespace.class);

  /** The namespaces that exist from the first start, as in a new cluster. */
  static final List<String> INITIAL_NAMESPACES =
      List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private final Store store;
  private final Clock clock;
  private final Map<String, Registry<?>> byGroupResource = new LinkedHashMap<>();
  private final Registry<Namespace> namespaces;
  private final Map<String, Registry<?>> unlisted = new LinkedHashMap<>();

  public Registries(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.namespaces =
        new Registry<>(NAMESPACES, new NamespaceStrategy(), store, ns -> Optional.empty(), clock);
    byGroupResource.put(key(NAMESPACES), namespaces);
  }

  /** Adds a namespaced or cluster-scoped resource. */
  public <T extends HasMetadata> Registry<T> add(ResourceType<T> type, Strategy<T> strategy) {
    Registry<T> registry = new Registry<>(type, strategy, store, this::refuseCreateIn, clock);
    if (type.namespaced()) {
      registry.onRemoval(this::finishIfTerminatingAndEmpty);
    }
    byGroupResource.put(key(type), registry);
    return registry;
  }

  /**
   * Adds a resource that is stored, watched and reached through clients like the others, but not
   * served by the Kubernetes API (discovery, OpenAPI, the generic routes): Cloud Run's resources,
   * which have an HTTP API of their own.
   */
  public <T extends HasMetadata> Registry<T> addUnlisted(
      ResourceType<T> type, Strategy<T> strategy) {
    Registry<T> registry = new Registry<>(type, strategy, store, this::refuseCreateIn, clock);
    unlisted.put(key(type), registry);
    return registry;
  }

  /** The registry of {@code type}, listed or not. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> Registry<T> registry(ResourceType<T> type) {
    Registry<?> registry = byGroupResource.get(key(type));
    if (registry == null) {
      registry = unlisted.get(key(type));
    }
    if (registry == null) {
      throw new IllegalArgumentException("not registered: " + type.qualifiedName());
    }
    return (Registry<T>) registry;
  }

  /** Every registry, including the unlisted ones. */
  public List<Registry<?>> everything() {
    List<Registry<?>> every = new java.util.ArrayList<>(byGroupResource.values());
    every.addAll(unlisted.values());
    return every;
  }

  private static String key(ResourceType<?> type) {
    return type.group() + "/" + type.resource();
  }

  public Registry<Namespace> namespaces() {
    return namespaces;
  }

  /** The registry for {@code group}/{@code resource}, if served. */
  public Optional<Registry<?>> find(String group, String resource) {
    return Optional.ofNullable(byGroupResource.get(group + "/" + resource));
  }

  public List<Registry<?>> all() {
    return List.copyOf(byGroupResource.values());
  }

  /** Stops the watch caches; the store stays open. */
  public void close() {
    byGroupResource.values().forEach(Registry::close);
    unlisted.values().forEach(Registry::close);
  }

  /**
   * Creates the initial namespaces if they are missing, and removes namespaces whose deletion had
   * emptied them before a restart.
   */
  public void bootstrap() {
    for (Namespace ns : namespaces.list(null, ListQuery.all()).items()) {
      if (ns.getMetadata().getDeletionTimestamp() != null) {
        finishIfTerminatingAndEmpty(ns.getMetadata().getName());
      }
    }
    for (String name : INITIAL_NAMESPACES) {
      if (namespaces.find(null, name).isEmpty()) {
        try {
          namespaces.create(
              null,
              new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build(),
              false);
        } catch (StatusException e) {
          if (e.code() != 409) {
            throw e;
          }
        }
      }
    }
  }

  private Optional<StatusException> refuseCreateIn(String namespace) {
    Optional<Namespace> ns = namespaces.find(null, namespace);
    if (ns.isEmpty()) {
      return Optional.of(StatusException.notFound("", "namespaces", namespace));
    }
    if (ns.get().getMetadata().getDeletionTimestamp() != null) {
      return Optional.of(
          StatusException.forbidden(
              "unable to create new content in namespace "
                  + namespace
                  + " because it is being terminated"));
    }
    return Optional.empty();
  }

  /**
   * Deletes a namespace: marks it Terminating, deletes every object in it, and removes it once
   * nothing is left. Upstream does the middle step in a controller; here it happens before the call
   * returns. Objects that stay for a while, pods in their grace period or objects held by
   * finalizers, keep the namespace Terminating until the last of them is removed, as upstream.
   */
  public Namespace deleteNamespace(String name, boolean dryRun) {
    Namespace current = namespaces.get(null, name);
    if (dryRun) {
      return current;
    }
    Namespace terminating =
        namespaces.writeDirectly(
            null,
            name,
            ns -> {
              // The deletion timestamp makes the namespace refuse new content from now on.
              if (ns.getMetadata().getDeletionTimestamp() == null) {
                ns.getMetadata().setDeletionTimestamp(namespaces.now());
              }
              ns.getStatus().setPhase("Terminating");
              return ns;
            });
    for (Registry<?> registry : byGroupResource.values()) {
      if (registry.type().namespaced()) {
        deleteAllIn(registry, name);
      }
    }
    finishIfTerminatingAndEmpty(name);
    return terminating;
  }

  /** Removes the namespace if it is being deleted and nothing is left in it. */
  private void finishIfTerminatingAndEmpty(String name) {
    if (name == null) {
      return;
    }
    Optional<Namespace> ns = namespaces.find(null, name);
    if (ns.isEmpty() || ns.get().getMetadata().getDeletionTimestamp() == null) {
      return;
    }
    for (Registry<?> registry : byGroupResource.values()) {
      if (registry.type().namespaced() && !isEmpty(registry, name)) {
        return;
      }
    }
    try {
      namespaces.delete(null, name, null, null, false);
    } catch (StatusException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  private static <T extends HasMetadata> boolean isEmpty(Registry<T> registry, String namespace) {
    return registry
        .list(namespace, new ListQuery<T>(object -> true, 1, null, null, null))
        .items()
        .isEmpty();
  }

  private static <T extends HasMetadata> void deleteAllIn(Registry<T> registry, String namespace) {
    for (T object : registry.list(namespace, ListQuery.all()).items()) {
      try {
        // As upstream's namespace controller: the contents go with their dependents.
        registry.delete(
            namespace,
            object.getMetadata().getName(),
            null,
            null,
            null,
            DeletePropagation.policy(DeletePropagation.BACKGROUND),
            false);
      } catch (StatusException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
  }
}
