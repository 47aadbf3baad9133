package io.batchd.apiserver.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads kube-apiserver's {@code --token-auth-file} format: one user per line, {@code
 * token,user,uid,"group1,group2"} as CSV; the groups column is optional, blank lines and lines
 * starting with {@code #} are skipped.
 */
public final class StaticTokenFile {
  private StaticTokenFile() {}

  public static Map<String, UserInfo> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + file, e);
    }
    Map<String, UserInfo> users = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = csv(line);
      if (fields.size() < 3 || fields.get(0).isEmpty() || fields.get(1).isEmpty()) {
        throw new IllegalArgumentException(
            file + " line " + (i + 1) + ": expected token,user,uid[,\"group1,group2\"]");
      }
      List<String> groups = new ArrayList<>();
      if (fields.size() > 3) {
        for (String g : fields.get(3).split(",")) {
          if (!g.isBlank()) {
            groups.add(g.strip());
          }
        }
      }
      groups.add(UserInfo.AUTHENTICATED);
      if (users.put(fields.get(0), new UserInfo(fields.get(1), fields.get(2), groups)) != null) {
        throw new IllegalArgumentException(
            file + " line " + (i + 1) + ": the token appears more than once");
      }
    }
    return users;
  }

  /** Splits one CSV line: commas separate fields, double quotes protect commas, "" is a quote. */
  static List<String> csv(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
