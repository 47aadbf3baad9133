package io.batchd.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One informer per resource kind, of every object of that kind, shared by all the controllers of
 * one process (upstream's shared informer factory). Without it each controller kept its own copy:
 * every pod was decoded, delivered and cached once per controller (four times in a server), which
 * cost a large part of the server's CPU when pods come and go quickly.
 *
 * <p>Controllers take their informers from here and add their handlers; {@link #start()} starts the
 * informers asked for so far, and one asked for later starts at once. Handlers must not change the
 * objects they are given, which every controller sharing the informer sees. The informers keep the
 * lighter {@link CachedForm} of each object.
 */
public final class SharedInformers implements AutoCloseable {
  private final ApiClient client;
  private final Map<Class<?>, Informer<?>> informers = new ConcurrentHashMap<>();
  private boolean started;

  public SharedInformers(ApiClient client) {
    this.client = client;
  }

  /** The informer of every object of this kind, in all namespaces. */
  @SuppressWarnings("unchecked")
  public synchronized <T extends HasMetadata> Informer<T> of(Class<T> type) {
    return (Informer<T>)
        informers.computeIfAbsent(
            type,
            t -> {
              Informer<T> informer =
                  new Informer<>(
                      client.resources(type),
                      null,
                      Selectors.ALL,
                      "shared-" + type.getSimpleName().toLowerCase(Locale.ROOT),
                      CachedForm.of(type),
                      CachedForm.packing(type));
              if (started) {
                informer.start();
              }
              return informer;
            });
  }

  /** Starts every informer asked for so far; later ones start when asked for. */
  public synchronized SharedInformers start() {
    started = true;
    informers.values().forEach(Informer::start);
    return this;
  }

  @Override
  public void close() {
    informers.values().forEach(Informer::close);
  }
}
