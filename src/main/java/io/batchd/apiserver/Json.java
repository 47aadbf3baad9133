package io.batchd.apiserver;

import tools.jackson.databind.json.JsonMapper;

/** The JSON mapper the HTTP layer writes with. */
final class Json {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}
}
