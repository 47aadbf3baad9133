package io.batchd.apiserver.openapi;

import java.util.List;

/**
 * One HTTP operation on a resource path, independent of the OpenAPI version that describes it.
 *
 * @param method the lower-case HTTP method: {@code get}, {@code post}, {@code put}, {@code patch}
 *     or {@code delete}
 * @param operationId upstream's identifier, such as {@code patchBatchV1NamespacedJob}
 * @param action the {@code x-kubernetes-action}: {@code get}, {@code list}, {@code post}, {@code
 *     put}, {@code patch}, {@code delete} or {@code deletecollection}
 * @param description what it does, in a sentence
 * @param gvk the kind it acts on; kubectl finds operations by it
 * @param parameters the query parameters of this operation alone
 * @param body the request body, or null for none
 * @param responses the answers it gives
 * @param produces the media types of its responses
 */
record ApiOperation(
    String method,
    String operationId,
    String action,
    String description,
    Gvk gvk,
    List<Parameter> parameters,
    RequestBody body,
    List<Response> responses,
    List<String> produces) {

  /**
   * A request body.
   *
   * @param schema the definition name of its schema
   * @param contentTypes the media types it may come in
   * @param required whether a body must be sent
   */
  record RequestBody(String schema, List<String> contentTypes, boolean required) {}

  /**
   * A response.
   *
   * @param code the HTTP status code
   * @param description the status text
   * @param schema the definition name of its body, or null when it has no documented body
   */
  record Response(String code, String description, String schema) {}
}
