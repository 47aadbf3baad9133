package io.batchd.api.codec.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * Reads the fields of one protobuf message, in wire order, over protobuf-java's {@link
 * CodedInputStream}. Nested messages come back as {@link ByteString} slices of the same buffer
 * (aliasing, no copy), each read by a reader of its own. Every failure is a {@link
 * MalformedProtobufException}.
 */
final class WireReader {
  private final CodedInputStream in;

  WireReader(ByteString message) {
    this.in = message.newCodedInput();
    // Slices of an immutable ByteString share its bytes instead of copying them.
    this.in.enableAliasing(true);
  }

  /** The next field's tag, or 0 at the end of the message. */
  int readTag() {
    try {
      return in.readTag();
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** A varint field's value (int32, int64, bool and enums are all varints on the wire). */
  long readVarint() {
    try {
      return in.readRawVarint64();
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** A length-delimited field's bytes: a string, bytes, a nested message or a packed list. */
  ByteString readLengthDelimited() {
    try {
      return in.readBytes();
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** A string field; invalid UTF-8 is replaced, as Go's proto2 decoding does not check it. */
  String readString() {
    return readLengthDelimited().toStringUtf8();
  }

  boolean isAtEnd() {
    try {
      return in.isAtEnd();
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /**
   * Skips the value of the field whose tag was just read. Groups are refused rather than skipped:
   * Kubernetes never writes them, and skipping them would recurse once per nesting level.
   */
  void skip(int tag) {
    int wireType = WireFormat.getTagWireType(tag);
    if (wireType == WireFormat.WIRETYPE_START_GROUP || wireType == WireFormat.WIRETYPE_END_GROUP) {
      throw new MalformedProtobufException(
          "field " + WireFormat.getTagFieldNumber(tag) + " uses the group wire type");
    }
    try {
      in.skipField(tag);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  private static MalformedProtobufException malformed(IOException e) {
    return new MalformedProtobufException(e.getMessage(), e);
  }
}
