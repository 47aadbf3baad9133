package io.batchd.registry;

import io.batchd.store.Store;
import io.batchd.store.StoreException;
import java.util.Optional;

/** Tells whether the store answers, for the server's readiness checks. */
public final class StoreHealth {
  private final Store store;

  public StoreHealth(Store store) {
    this.store = store;
  }

  /** Empty when the store answers; otherwise why it does not. */
  public Optional<String> problem() {
    try {
      store.currentRevision();
      store.get("/registry/health");
      return Optional.empty();
    } catch (StoreException e) {
      return Optional.of(e.getMessage());
    }
  }
}
