package io.batchd.registry;

import io.batchd.store.KeyValue;
import java.io.OutputStream;
import java.util.List;

/**
 * One page of a list whose items are written as the JSON a client is served ({@link ServedJson}),
 * straight from the stored bytes.
 *
 * @param resourceVersion the revision the page was read at
 * @param continueToken the token for the next page, or null at the end
 */
public final class JsonList {
  private final Registry<?> registry;
  private final List<KeyValue> items;
  private final String resourceVersion;
  private final String continueToken;

  JsonList(
      Registry<?> registry, List<KeyValue> items, String resourceVersion, String continueToken) {
    this.registry = registry;
    this.items = items;
    this.resourceVersion = resourceVersion;
    this.continueToken = continueToken;
  }

  public int size() {
    return items.size();
  }

  public String resourceVersion() {
    return resourceVersion;
  }

  public String continueToken() {
    return continueToken;
  }

  /** Writes item {@code index} as served JSON. */
  public void writeItem(int index, OutputStream out) {
    KeyValue kv = items.get(index);
    ServedJson.write(kv, kv.modRevision(), out, () -> registry.decode(kv));
  }
}
