package io.batchd.apiserver.openapi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A group, version and kind, as the {@code x-kubernetes-group-version-kind} extension carries it.
 *
 * @param group the API group, empty for the core group
 * @param version the version
 * @param kind the kind
 */
record Gvk(String group, String version, String kind) {

  /**
   * The extension's value. kubectl compares it with the value on operations as a whole map, so both
   * places must carry the same three keys, {@code group} even when it is empty.
   */
  Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("group", group);
    map.put("kind", kind);
    map.put("version", version);
    return map;
  }
}
