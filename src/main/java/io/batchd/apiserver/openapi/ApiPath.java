package io.batchd.apiserver.openapi;

import java.util.List;

/**
 * A URL path and the operations served on it.
 *
 * @param path the path template, such as {@code /apis/batch/v1/namespaces/{namespace}/jobs}
 * @param parameters the parameters shared by all its operations (path parameters, {@code pretty})
 * @param operations the operations, in the order they are written
 */
record ApiPath(String path, List<Parameter> parameters, List<ApiOperation> operations) {}
