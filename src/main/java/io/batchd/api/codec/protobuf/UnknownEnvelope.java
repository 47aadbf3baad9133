package io.batchd.api.codec.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.batchd.api.errors.StatusException;
import java.util.Arrays;

/**
 * The frame of a Kubernetes protobuf body: the 4 bytes {@code k8s\0}, then a {@code
 * runtime.Unknown} message holding the object's apiVersion and kind (its TypeMeta, field 1), the
 * object's own message (raw, field 2), contentEncoding (3) and contentType (4).
 */
record UnknownEnvelope(
    String apiVersion, String kind, ByteString raw, String contentEncoding, String contentType) {

  /** {@code k8s} and the encoding-style byte 0, the only style defined. */
  static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

  /**
   * Splits a body into its parts.
   *
   * @throws StatusException 400 for an empty body or a missing prefix
   * @throws MalformedProtobufException if the Unknown message is malformed
   */
  static UnknownEnvelope parse(byte[] body) {
    // Worded as kube-apiserver's protobuf serializer words them.
    if (body.length == 0) {
      throw StatusException.badRequest("empty data");
    }
    if (body.length < MAGIC.length
        || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw StatusException.badRequest(
          "provided data does not appear to be a protobuf message, expected prefix "
              + Arrays.toString(MAGIC));
    }
    if (body.length == MAGIC.length) {
      throw StatusException.badRequest("empty body");
    }
    // Wrapped, not copied: the decoder only reads, and nothing outlives the call.
    ByteString unknown =
        UnsafeByteOperations.unsafeWrap(body, MAGIC.length, body.length - MAGIC.length);
    String apiVersion = "";
    String kind = "";
    ByteString raw = ByteString.EMPTY;
    String contentEncoding = "";
    String contentType = "";
    WireReader reader = new WireReader(unknown);
    for (int tag = reader.readTag(); tag != 0; tag = reader.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      if (number >= 1 && number <= 4) {
        requireLengthDelimited(tag);
      }
      switch (number) {
        case 1 -> {
          WireReader typeMeta = new WireReader(reader.readLengthDelimited());
          for (int t = typeMeta.readTag(); t != 0; t = typeMeta.readTag()) {
            int n = WireFormat.getTagFieldNumber(t);
            if (n == 1 || n == 2) {
              requireLengthDelimited(t);
            }
            switch (n) {
              case 1 -> apiVersion = typeMeta.readString();
              case 2 -> kind = typeMeta.readString();
              default -> typeMeta.skip(t);
            }
          }
        }
        case 2 -> raw = reader.readLengthDelimited();
        case 3 -> contentEncoding = reader.readString();
        case 4 -> contentType = reader.readString();
        default -> reader.skip(tag);
      }
    }
    return new UnknownEnvelope(apiVersion, kind, raw, contentEncoding, contentType);
  }

  private static void requireLengthDelimited(int tag) {
    if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      throw new MalformedProtobufException(
          "field "
              + WireFormat.getTagFieldNumber(tag)
              + " has wire type "
              + WireFormat.getTagWireType(tag)
              + "; string and message fields use wire type 2");
    }
  }
}
