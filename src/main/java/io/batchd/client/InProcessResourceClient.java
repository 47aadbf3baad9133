package io.batchd.client;

import io.batchd.api.errors.StatusException;
import io.batchd.registry.DeletePropagation;
import io.batchd.registry.ListQuery;
import io.batchd.registry.ObjectFilters;
import io.batchd.registry.ObjectList;
import io.batchd.registry.ObjectWatcher;
import io.batchd.registry.Registry;
import io.batchd.registry.WatchQuery;
import io.batchd.registry.core.PodBinding;
import io.batchd.registry.core.PodEviction;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import java.util.Optional;
import java.util.function.Predicate;

/** One resource of the {@link InProcessClient}: each call is one registry operation. */
final class InProcessResourceClient<T extends HasMetadata> implements ResourceClient<T> {
  private final Registry<T> registry;

  InProcessResourceClient(Registry<T> registry) {
    this.registry = registry;
  }

  @Override
  public Optional<T> get(String namespace, String name) {
    return registry.find(namespace, name);
  }

  @Override
  public Listing<T> list(String namespace, Selectors selectors) {
    ObjectList<T> list =
        registry.list(namespace, new ListQuery<>(filter(selectors), 0, null, null, null));
    return new Listing<>(list.items(), list.resourceVersion());
  }

  @Override
  public Listing<T> listPage(
      String namespace, Selectors selectors, int limit, String continueToken) {
    ObjectList<T> list =
        registry.list(
            namespace, new ListQuery<>(filter(selectors), limit, continueToken, null, null));
    return new Listing<>(list.items(), list.resourceVersion(), list.continueToken());
  }

  @Override
  public T create(T object) {
    return registry.create(namespaceOf(object), object, false).object();
  }

  @Override
  public T update(T object) {
    return registry
        .update(
            namespaceOf(object),
            object.getMetadata().getName(),
            object,
            Registry.Subresource.MAIN,
            false)
        .object();
  }

  @Override
  public T updateStatus(T object) {
    return registry
        .update(
            namespaceOf(object),
            object.getMetadata().getName(),
            object,
            Registry.Subresource.STATUS,
            false)
        .object();
  }

  @Override
  public boolean delete(String namespace, String name, DeleteOptions options) {
    String uid = null;
    String resourceVersion = null;
    Long grace = null;
    DeletePropagation propagation = DeletePropagation.DEFAULT;
    if (options != null) {
      grace = options.getGracePeriodSeconds();
      propagation =
          new DeletePropagation(options.getPropagationPolicy(), options.getOrphanDependents());
      if (options.getPreconditions() != null) {
        uid = options.getPreconditions().getUid();
        resourceVersion = options.getPreconditions().getResourceVersion();
      }
    }
    try {
      registry.delete(namespace, name, uid, resourceVersion, grace, propagation, false);
      return true;
    } catch (StatusException e) {
      if (e.code() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void post(String namespace, String name, String subresource, HasMetadata body) {
    if (registry.type().type() == Pod.class) {
      Registry<Pod> pods = (Registry<Pod>) registry;
      if (subresource.equals("binding") && body instanceof Binding binding) {
        PodBinding.bind(pods, namespace, name, binding, false);
        return;
      }
      if (subresource.equals("eviction") && body instanceof Eviction eviction) {
        PodEviction.evict(pods, namespace, name, eviction, false);
        return;
      }
    }
    throw StatusException.notFound(
        registry.type().group(), registry.type().resource() + "/" + subresource, name);
  }

  @Override
  public Subscription watch(
      String namespace, Selectors selectors, String resourceVersion, WatchHandler<T> handler) {
    WatchQuery<T> query = new WatchQuery<>(filter(selectors), resourceVersion, false, true);
    Registry.WatchHandle handle = registry.watch(namespace, query, new Adapter<>(handler));
    return handle::close;
  }

  private Predicate<T> filter(Selectors selectors) {
    if (selectors == null || (selectors.labels() == null && selectors.fields() == null)) {
      return object -> true;
    }
    return ObjectFilters.build(
        selectors.labels(), selectors.fields(), registry.strategy(), registry.type());
  }

  private String namespaceOf(T object) {
    return registry.type().namespaced() ? object.getMetadata().getNamespace() : null;
  }

  /** Turns registry watch callbacks into client ones. */
  private record Adapter<T>(WatchHandler<T> handler) implements ObjectWatcher<T> {
    @Override
    public void onEvent(String type, T object) {
      handler.onEvent(WatchHandler.EventType.valueOf(type), object);
    }

    @Override
    public void onBookmark(String resourceVersion, boolean initialEventsEnd) {
      handler.onBookmark(resourceVersion);
    }

    @Override
    public void onError(StatusException error) {
      handler.onClosed(error);
    }

    @Override
    public void onClosed() {
      handler.onClosed(null);
    }
  }
}
