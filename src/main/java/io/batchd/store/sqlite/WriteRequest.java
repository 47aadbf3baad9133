package io.batchd.store.sqlite;

import io.batchd.store.KeyValue;
import java.util.concurrent.CompletableFuture;

/** A write waiting for the writer thread; its future completes after the commit. */
sealed interface WriteRequest {

  CompletableFuture<KeyValue> result();

  record Create(String key, byte[] value, CompletableFuture<KeyValue> result)
      implements WriteRequest {}

  record Update(
      String key, byte[] value, long expectedModRevision, CompletableFuture<KeyValue> result)
      implements WriteRequest {}

  record Delete(String key, long expectedModRevision, CompletableFuture<KeyValue> result)
      implements WriteRequest {}

  /** Compaction also runs on the writer so that it never races a write; completes with null. */
  record Compact(long revision, CompletableFuture<KeyValue> result) implements WriteRequest {}
}
