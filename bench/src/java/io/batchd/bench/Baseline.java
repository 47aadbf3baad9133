package io.batchd.bench;

/**
 * The same kind of write done straight through the backend's own client, without batchd's store in
 * between: what the store's figure is compared with.
 */
interface Baseline extends AutoCloseable {

  /** The name printed beside the figure, such as {@code raw-jdbc-insert}. */
  String name();

  /** The write writer number {@code writer} repeats, on keys starting with {@code prefix}. */
  Load.Write writer(String prefix, int writer);

  @Override
  void close();
}
