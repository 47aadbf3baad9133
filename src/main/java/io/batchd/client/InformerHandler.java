package io.batchd.client;

/** Receives an informer's changes, on the informer's thread, in the order they happened. */
public interface InformerHandler<T> {
  default void onAdd(T object) {}

  default void onUpdate(T old, T object) {}

  /** {@code last} is the last state the informer knew. */
  default void onDelete(T last) {}
}
