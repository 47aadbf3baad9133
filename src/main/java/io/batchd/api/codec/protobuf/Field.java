package io.batchd.api.codec.protobuf;

/**
 * One field of a {@link MessageSchema}: its protobuf number, its JSON name and how its value is
 * read and written.
 *
 * @param number the protobuf field number
 * @param name the JSON field name (unused for {@link Shape#INLINE})
 * @param shape single value, list, map, inlined struct, or known but not decoded
 * @param kind the value's type on the wire (a map's value type for {@link Shape#MAP})
 * @param message the value's schema when {@code kind} is {@link Kind#MESSAGE}, else null
 * @param keepZero whether a zero value ({@code ""}, 0, false) is written to JSON. True for Go
 *     pointer fields ({@code *int32} and friends), whose presence carries meaning; false for Go
 *     value fields, which gogo-protobuf writes even when they are zero and Go's JSON then omits.
 */
record Field(
    int number, String name, Shape shape, Kind kind, MessageSchema message, boolean keepZero) {

  /** How many values a field holds and where they go in the JSON object. */
  enum Shape {
    /** One value; the last one on the wire wins, nested messages merge. */
    SINGLE,
    /** A JSON array; packed and unpacked scalars are both accepted. */
    REPEATED,
    /** A Go {@code map[string]T}: repeated entry messages with key = 1, value = 2. */
    MAP,
    /** A Go embedded struct ({@code json:",inline"}): its fields go into the parent object. */
    INLINE,
    /** Known to Kubernetes but not decoded here: skipped and reported, never guessed at. */
    IGNORED
  }

  /** The value's encoding on the wire. */
  enum Kind {
    STRING,
    BYTES,
    INT32,
    INT64,
    BOOL,
    MESSAGE;

    /** Whether values of this kind are varints (and so may come packed in a list). */
    boolean isVarint() {
      return this == INT32 || this == INT64 || this == BOOL;
    }
  }
}
