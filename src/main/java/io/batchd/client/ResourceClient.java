package io.batchd.client;

import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Typed access to one kind of resource. Writes follow the API's rules: an object carrying a
 * resourceVersion is written only if it is still current (409 Conflict otherwise).
 */
public interface ResourceClient<T extends HasMetadata> {

  Optional<T> get(String namespace, String name);

  /** Lists {@code namespace} (null: every namespace) at the latest revision. */
  Listing<T> list(String namespace, Selectors selectors);

  /**
   * One page of at most {@code limit} items of the list: the first when {@code continueToken} is
   * null, else the one after the page that gave the token. All pages of a list are one snapshot, at
   * the first page's resourceVersion. A client that cannot page answers the whole list at once.
   */
  default Listing<T> listPage(
      String namespace, Selectors selectors, int limit, String continueToken) {
    if (continueToken != null) {
      throw new IllegalArgumentException("this client lists in one piece");
    }
    return list(namespace, selectors);
  }

  T create(T object);

  /** Replaces the object (status changes are ignored, as for a PUT). */
  T update(T object);

  /** Replaces the object's status (spec changes are ignored). */
  T updateStatus(T object);

  /**
   * Deletes the object; with a grace period, objects that support graceful deletion (pods) are only
   * marked. Returns false if it did not exist.
   */
  boolean delete(String namespace, String name, DeleteOptions options);

  /** Posts {@code body} to a subresource such as a pod's {@code binding} or {@code eviction}. */
  void post(String namespace, String name, String subresource, HasMetadata body);

  /** Watches changes after {@code resourceVersion}. */
  Subscription watch(
      String namespace, Selectors selectors, String resourceVersion, WatchHandler<T> handler);

  /**
   * Reads the object, applies {@code change} and writes it back, again on each conflict with a
   * concurrent writer. Returns the written object, or empty if the object is gone or {@code change}
   * returned null (nothing to write).
   */
  default Optional<T> edit(String namespace, String name, UnaryOperator<T> change, boolean status) {
    for (int attempt = 0; ; attempt++) {
      Optional<T> current = get(namespace, name);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      T changed = change.apply(current.get());
      if (changed == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(status ? updateStatus(changed) : update(changed));
      } catch (StatusException e) {
        if (e.code() == 404) {
          return Optional.empty();
        }
        if (e.code() != 409 || attempt >= 20) {
          throw e;
        }
      }
    }
  }
}
