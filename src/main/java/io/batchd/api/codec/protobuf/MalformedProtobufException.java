package io.batchd.api.codec.protobuf;

/**
 * The body is not a well-formed protobuf message of the expected type: truncated, a length that
 * runs past its parent, a field with the wrong wire type, or a value its Go type rejects. It
 * carries the JSON path of the innermost field being read, so the 400 message can say where.
 */
final class MalformedProtobufException extends RuntimeException {
  private String path;

  MalformedProtobufException(String message) {
    super(message);
  }

  MalformedProtobufException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Records where the error happened, unless a deeper field already did. */
  MalformedProtobufException at(String where) {
    if (path == null) {
      path = where;
    }
    return this;
  }

  /** The JSON path of the field being read, {@code ""} for the top level, or null if unknown. */
  String path() {
    return path;
  }
}
