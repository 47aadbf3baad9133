package io.batchd.node.logs;

/** The output stream a log line came from, as the CRI log format names it. */
public enum LogStream {
  STDOUT("stdout"),
  STDERR("stderr");

  private final String wireName;

  LogStream(String wireName) {
    this.wireName = wireName;
  }

  /** {@code stdout} or {@code stderr}. */
  public String wireName() {
    return wireName;
  }

  static LogStream fromWireName(String name) {
    return switch (name) {
      case "stdout" -> STDOUT;
      case "stderr" -> STDERR;
      default -> null;
    };
  }
}
