package io.batchd.api.codec.protobuf;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds protobuf messages for tests with protobuf-java's {@link CodedOutputStream}. */
final class Proto {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  static Proto message() {
    return new Proto();
  }

  /**
   * A whole body: the {@code k8s\0} prefix and a runtime.Unknown holding {@code object}, with the
   * empty contentEncoding and contentType fields Go writes.
   */
  static byte[] body(String apiVersion, String kind, Proto object) {
    Proto unknown =
        message()
            .message(1, message().string(1, apiVersion).string(2, kind))
            .bytes(2, object.toByteArray())
            .string(3, "")
            .string(4, "");
    byte[] framed = unknown.toByteArray();
    byte[] body = new byte[framed.length + 4];
    System.arraycopy(UnknownEnvelope.MAGIC, 0, body, 0, 4);
    System.arraycopy(framed, 0, body, 4, framed.length);
    return body;
  }

  Proto string(int field, String value) {
    return write(() -> out.writeString(field, value));
  }

  /** A varint: int32 (sign-extended, as Go writes negatives), int64 or an enum. */
  Proto varint(int field, long value) {
    return write(() -> out.writeInt64(field, value));
  }

  Proto bool(int field, boolean value) {
    return write(() -> out.writeBool(field, value));
  }

  Proto bytes(int field, byte[] value) {
    return write(() -> out.writeByteArray(field, value));
  }

  Proto message(int field, Proto value) {
    return bytes(field, value.toByteArray());
  }

  /** Bytes appended as they are, to build broken messages. */
  Proto raw(byte[] value) {
    return write(() -> out.writeRawBytes(value));
  }

  /** A {@code map<string, string>} entry. */
  Proto entry(int field, String key, String value) {
    return message(field, message().string(1, key).string(2, value));
  }

  /** A {@code map<string, Message>} entry. */
  Proto entry(int field, String key, Proto value) {
    return message(field, message().string(1, key).message(2, value));
  }

  /** A packed list of varints. */
  Proto packed(int field, long... values) {
    Proto run = message();
    for (long v : values) {
      run.write(() -> run.out.writeInt64NoTag(v));
    }
    return bytes(field, run.toByteArray());
  }

  /** A metav1.Time / Timestamp message. */
  static Proto time(long seconds, int nanos) {
    Proto time = message().varint(1, seconds);
    return nanos == 0 ? time : time.varint(2, nanos);
  }

  /** A resource.Quantity message. */
  static Proto quantity(String value) {
    return message().string(1, value);
  }

  /** An intstr.IntOrString holding an int, with all three fields as Go writes them. */
  static Proto intOrString(int value) {
    return message().varint(1, 0).varint(2, value).string(3, "");
  }

  /** An intstr.IntOrString holding a string. */
  static Proto intOrString(String value) {
    return message().varint(1, 1).varint(2, 0).string(3, value);
  }

  byte[] toByteArray() {
    write(out::flush);
    return bytes.toByteArray();
  }

  private interface Write {
    void run() throws IOException;
  }

  private Proto write(Write write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
