package io.batchd.apiserver;

import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.registry.ObjectWatcher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Streams watch events over one chunked HTTP response, one JSON object per line: {@code
 * {"type":"ADDED","object":{...}}}, as kube-apiserver does for {@code ?watch=true}.
 */
final class WatchResponder<T extends HasMetadata> implements ObjectWatcher<T> {
  private final HttpServerResponse response;
  private final Function<T, Object> render;
  private final String apiVersion;
  private final String kind;

  WatchResponder(
      HttpServerResponse response, Function<T, Object> render, String apiVersion, String kind) {
    this.response = response;
    this.render = render;
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  /** Sends the headers now, so clients see the watch established before the first event. */
  void begin() {
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private")
        .putHeader("Transfer-Encoding", "chunked");
    response.write("");
  }

  @Override
  public void onEvent(String type, T object) {
    send(type, render.apply(object));
  }

  @Override
  public void onBookmark(String resourceVersion, boolean initialEventsEnd) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", resourceVersion);
    if (initialEventsEnd) {
      metadata.put("annotations", Map.of("k8s.io/initial-events-end", "true"));
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("kind", kind);
    object.put("apiVersion", apiVersion);
    object.put("metadata", metadata);
    send("BOOKMARK", object);
  }

  @Override
  public void onError(StatusException error) {
    send("ERROR", error.toStatus());
    end();
  }

  private void send(String type, Object object) {
    if (response.ended() || response.closed()) {
      return;
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", type);
    event.put("object", object);
    response.write(Codecs.JSON.writeValueAsString(event) + "\n");
  }

  void end() {
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }
}
