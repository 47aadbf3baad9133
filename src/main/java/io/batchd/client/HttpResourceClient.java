package io.batchd.client;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** One resource of the {@link HttpApiClient}. */
final class HttpResourceClient<T extends HasMetadata> implements ResourceClient<T> {
  private final KubernetesClient kubernetes;
  private final Class<T> type;
  private final MixedOperation<T, KubernetesResourceList<T>, Resource<T>> operation;
  private final boolean namespaced;

  HttpResourceClient(KubernetesClient kubernetes, Class<T> type) {
    this.kubernetes = kubernetes;
    this.type = type;
    this.operation = kubernetes.resources(type);
    this.namespaced = io.fabric8.kubernetes.api.model.Namespaced.class.isAssignableFrom(type);
  }

  private NonNamespaceOperation<T, KubernetesResourceList<T>, Resource<T>> in(String namespace) {
    return namespaced ? operation.inNamespace(namespace) : operation;
  }

  @Override
  public Optional<T> get(String namespace, String name) {
    return call(() -> Optional.ofNullable(in(namespace).withName(name).get()));
  }

  @Override
  public Listing<T> list(String namespace, Selectors selectors) {
    KubernetesResourceList<T> list = list(namespace, options(selectors, null));
    return new Listing<>(list.getItems(), list.getMetadata().getResourceVersion());
  }

  @Override
  public Listing<T> listPage(
      String namespace, Selectors selectors, int limit, String continueToken) {
    ListOptions options = options(selectors, null);
    options.setLimit((long) limit);
    options.setContinue(continueToken);
    KubernetesResourceList<T> list = list(namespace, options);
    return new Listing<>(
        list.getItems(), list.getMetadata().getResourceVersion(), list.getMetadata().getContinue());
  }

  private KubernetesResourceList<T> list(String namespace, ListOptions options) {
    return call(
        () ->
            namespace == null && namespaced
                ? operation.inAnyNamespace().list(options)
                : in(namespace).list(options));
  }

  @Override
  public T create(T object) {
    return call(() -> in(object.getMetadata().getNamespace()).resource(object).create());
  }

  @Override
  public T update(T object) {
    return call(() -> in(object.getMetadata().getNamespace()).resource(object).update());
  }

  @Override
  public T updateStatus(T object) {
    return call(() -> in(object.getMetadata().getNamespace()).resource(object).updateStatus());
  }

  @Override
  public boolean delete(String namespace, String name, DeleteOptions options) {
    // fabric8's fluent delete has no uid precondition, which the agent needs: send it as is.
    HttpResponse<byte[]> response =
        send(
            namespace,
            name,
            null,
            builder ->
                builder.delete(
                    "application/json",
                    Codecs.JSON.writeValueAsString(
                        options == null ? new DeleteOptions() : options)));
    if (response.code() == 404) {
      return false;
    }
    failOnError(response);
    return true;
  }

  @Override
  public void post(String namespace, String name, String subresource, HasMetadata body) {
    HttpResponse<byte[]> response =
        send(
            namespace,
            name,
            subresource,
            builder -> builder.post("application/json", Codecs.JSON.writeValueAsString(body)));
    failOnError(response);
  }

  @Override
  public Subscription watch(
      String namespace, Selectors selectors, String resourceVersion, WatchHandler<T> handler) {
    ListOptions options = options(selectors, resourceVersion);
    options.setAllowWatchBookmarks(true);
    Watcher<T> watcher =
        new Watcher<>() {
          @Override
          public void eventReceived(Action action, T resource) {
            switch (action) {
              case ADDED -> handler.onEvent(WatchHandler.EventType.ADDED, resource);
              case MODIFIED -> handler.onEvent(WatchHandler.EventType.MODIFIED, resource);
              case DELETED -> handler.onEvent(WatchHandler.EventType.DELETED, resource);
              case BOOKMARK -> handler.onBookmark(resource.getMetadata().getResourceVersion());
              default -> {}
            }
          }

          @Override
          public boolean reconnecting() {
            return false; // the informer decides whether to list or watch again
          }

          @Override
          public void onClose() {
            handler.onClosed(null);
          }

          @Override
          public void onClose(WatcherException cause) {
            handler.onClosed(
                cause.isHttpGone()
                    ? StatusException.expired(cause.getMessage())
                    : new StatusException(500, "InternalError", cause.getMessage(), null));
          }
        };
    io.fabric8.kubernetes.client.Watch watch =
        call(
            () ->
                namespace == null && namespaced
                    ? operation.inAnyNamespace().watch(options, watcher)
                    : in(namespace).watch(options, watcher));
    return watch::close;
  }

  private static ListOptions options(Selectors selectors, String resourceVersion) {
    ListOptionsBuilder b = new ListOptionsBuilder();
    if (selectors != null) {
      b.withLabelSelector(selectors.labels()).withFieldSelector(selectors.fields());
    }
    return b.withResourceVersion(resourceVersion).build();
  }

  private HttpResponse<byte[]> send(
      String namespace,
      String name,
      String subresource,
      java.util.function.Consumer<HttpRequest.Builder> method) {
    String base = kubernetes.getMasterUrl().toString().replaceAll("/$", "");
    String apiVersion = HasMetadata.getApiVersion(type);
    String prefix = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    String path =
        prefix
            + (namespaced ? "/namespaces/" + namespace : "")
            + "/"
            + HasMetadata.getPlural(type)
            + "/"
            + name
            + (subresource == null ? "" : "/" + subresource);
    HttpRequest.Builder builder =
        kubernetes.getHttpClient().newHttpRequestBuilder().uri(base + path);
    method.accept(builder);
    try {
      return kubernetes.getHttpClient().sendAsync(builder.build(), byte[].class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StatusException(503, "ServiceUnavailable", "interrupted", null);
    } catch (ExecutionException e) {
      throw new StatusException(
          503, "ServiceUnavailable", "cannot reach the server: " + e.getCause(), null);
    }
  }

  private static void failOnError(HttpResponse<byte[]> response) {
    if (response.isSuccessful()) {
      return;
    }
    Status status;
    try {
      status = Codecs.JSON.readValue(response.body(), Status.class);
    } catch (RuntimeException e) {
      throw new StatusException(response.code(), "", new String(response.body()), null);
    }
    throw new StatusException(
        response.code(), status.getReason(), status.getMessage(), status.getDetails());
  }

  /** Runs a fabric8 call, reporting API errors as the in-process client does. */
  private static <R> R call(Supplier<R> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      Status status = e.getStatus();
      if (status == null) {
        throw new StatusException(
            e.getCode() == 0 ? 503 : e.getCode(), "", String.valueOf(e.getMessage()), null);
      }
      throw new StatusException(
          status.getCode() == null ? e.getCode() : status.getCode(),
          status.getReason(),
          status.getMessage(),
          status.getDetails());
    }
  }
}
