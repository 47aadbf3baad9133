package io.batchd.registry;

import io.batchd.api.codec.Codecs;
import io.batchd.store.KeyValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON a client is served for a stored object, made from the stored bytes without decoding
 * them: the registry stores each object as JSON without its resourceVersion (the store's mod
 * revision is the resourceVersion), so serving it takes only {@code "resourceVersion":"<rev>",}
 * inserted as the first field of its {@code metadata}. Decoding a Job and encoding it again costs
 * tens of microseconds; this is a copy.
 *
 * <p>The field order then differs from the order an encoded object has (resourceVersion comes first
 * in metadata), which JSON clients do not see. Stored bytes whose top-level {@code metadata} object
 * is not found (never written by the registry) are decoded and encoded instead.
 */
public final class ServedJson {
  private static final byte[] METADATA = "\"metadata\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RV_OPEN =
      "\"resourceVersion\":\"".getBytes(StandardCharsets.US_ASCII);

  private ServedJson() {}

  /**
   * Writes the served form of {@code kv}: its stored JSON with {@code resourceVersion} set to
   * {@code revision} (the mod revision, or for a deletion the revision of the delete).
   *
   * @param decodeAndEncode the fallback for bytes whose layout is not the registry's
   */
  static void write(
      KeyValue kv, long revision, OutputStream out, java.util.function.Supplier<Object> decoded) {
    byte[] value = kv.value();
    int at = afterMetadataBrace(value);
    try {
      if (at < 0) {
        out.write(Codecs.JSON.writeValueAsBytes(decoded.get()));
        return;
      }
      out.write(value, 0, at);
      out.write(RV_OPEN);
      writeDigits(out, revision);
      out.write('"');
      // An empty metadata object ({}) takes no comma after the inserted field.
      int next = skipSpace(value, at);
      if (next < value.length && value[next] != '}') {
        out.write(',');
      }
      out.write(value, at, value.length - at);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The served form of {@code kv} as bytes. */
  static byte[] bytes(KeyValue kv, long revision, java.util.function.Supplier<Object> decoded) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(kv.value().length + 32);
    write(kv, revision, out, decoded);
    return out.toByteArray();
  }

  private static void writeDigits(OutputStream out, long revision) throws IOException {
    out.write(Long.toString(revision).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The index just after the {@code {} that opens the top-level {@code metadata} object, or -1.
   * It walks the top-level object's fields (strings, numbers, nested values skipped by depth), so a
   * {@code "metadata"} inside a string or a nested object is never taken for it.
   */
  static int afterMetadataBrace(byte[] json) {
    int i = skipSpace(json, 0);
    if (i >= json.length || json[i] != '{') {
      return -1;
    }
    i++;
    while (true) {
      i = skipSpace(json, i);
      if (i >= json.length || json[i] != '"') {
        return -1;
      }
      int nameStart = i;
      i = skipString(json, i);
      if (i < 0) {
        return -1;
      }
      boolean isMetadata = matches(json, nameStart, i, METADATA);
      i = skipSpace(json, i);
      if (i >= json.length || json[i] != ':') {
        return -1;
      }
      i = skipSpace(json, i + 1);
      if (i >= json.length) {
        return -1;
      }
      if (isMetadata) {
        return json[i] == '{' ? i + 1 : -1;
      }
      i = skipValue(json, i);
      if (i < 0) {
        return -1;
      }
      i = skipSpace(json, i);
      if (i >= json.length || json[i] != ',') {
        return -1; // the end of the object: no metadata
      }
      i++;
    }
  }

  private static boolean matches(byte[] json, int from, int to, byte[] what) {
    if (to - from != what.length) {
      return false;
    }
    for (int k = 0; k < what.length; k++) {
      if (json[from + k] != what[k]) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpace(byte[] json, int i) {
    while (i < json.length
        && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) {
      i++;
    }
    return i;
  }

  /** From the opening quote at {@code i}, the index after the closing one, or -1. */
  private static int skipString(byte[] json, int i) {
    for (int k = i + 1; k < json.length; k++) {
      if (json[k] == '\\') {
        k++;
      } else if (json[k] == '"') {
        return k + 1;
      }
    }
    return -1;
  }

  /** The index after the value starting at {@code i}, or -1. */
  private static int skipValue(byte[] json, int i) {
    byte b = json[i];
    if (b == '"') {
      return skipString(json, i);
    }
    if (b == '{' || b == '[') {
      int depth = 0;
      for (int k = i; k < json.length; k++) {
        byte c = json[k];
        if (c == '"') {
          k = skipString(json, k);
          if (k < 0) {
            return -1;
          }
          k--;
        } else if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
          if (depth == 0) {
            return k + 1;
          }
        }
      }
      return -1;
    }
    int k = i;
    while (k < json.length && json[k] != ',' && json[k] != '}' && json[k] != ']') {
      k++;
    }
    return k;
  }
}
