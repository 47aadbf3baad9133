package io.batchd.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code meta.k8s.io/v1} Tables: the column definitions, one row of cells per object, and
 * the object itself as {@code includeObject} asks ({@code None}, {@code Object}, or by default
 * {@code PartialObjectMetadata}).
 */
final class TableWriter {
  private TableWriter() {}

  static <T extends HasMetadata> Map<String, Object> table(
      TableColumns<T> columns,
      List<T> items,
      Map<String, Object> metadata,
      boolean withColumns,
      String includeObject) {
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.put("metadata", metadata);
    if (withColumns) {
      table.put("columnDefinitions", definitions(columns));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (T item : items) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cells", columns.cells(item));
      if ("Object".equals(includeObject)) {
        row.put("object", item);
      } else if (!"None".equals(includeObject)) {
        Map<String, Object> partial = new LinkedHashMap<>();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.put("metadata", item.getMetadata());
        row.put("object", partial);
      }
      rows.add(row);
    }
    table.put("rows", rows);
    return table;
  }

  private static List<Map<String, Object>> definitions(TableColumns<?> columns) {
    List<Map<String, Object>> definitions = new ArrayList<>();
    for (TableColumns.Column c : columns.columns()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", c.name());
      d.put("type", c.type());
      d.put("format", c.format());
      d.put("description", c.description());
      d.put("priority", c.priority());
      definitions.add(d);
    }
    return definitions;
  }
}
