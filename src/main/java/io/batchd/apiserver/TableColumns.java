package io.batchd.apiserver;

import java.util.List;

/**
 * How objects of one resource print in {@code kubectl get}: the column definitions of a {@code
 * meta.k8s.io/v1} Table and the cells of one row.
 */
interface TableColumns<T> {

  record Column(String name, String type, String format, String description, int priority) {}

  List<Column> columns();

  List<Object> cells(T object);
}
