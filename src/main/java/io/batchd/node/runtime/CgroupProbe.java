package io.batchd.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides whether containers' memory and CPU limits can be enforced here: that needs a cgroup v2
 * hierarchy holding the memory and cpu controllers, in which this process' cgroup is writable so it
 * can make one child cgroup per container. Reads {@code /proc/self/mountinfo} and {@code
 * /proc/self/cgroup}; never changes anything.
 */
final class CgroupProbe {
  private CgroupProbe() {}

  /** The outcome: where container cgroups go, or why limits are not enforced. */
  record Result(Path parent, String problem) {
    boolean usable() {
      return parent != null;
    }
  }

  static Result probe() {
    return probe(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"), Path.of("/"));
  }

  /** {@code root} prefixes the paths found in the files (tests use a fake file system). */
  static Result probe(Path mountinfo, Path selfCgroup, Path root) {
    try {
      String mountPoint = cgroup2MountPoint(Files.readAllLines(mountinfo));
      if (mountPoint == null) {
        return problem("no cgroup v2 hierarchy is mounted");
      }
      String own = unifiedCgroup(Files.readAllLines(selfCgroup));
      if (own == null) {
        return problem("this process is in no cgroup v2 group (/proc/self/cgroup has no 0:: line)");
      }
      Path hierarchy = root.resolve(mountPoint.substring(1));
      Path group = own.equals("/") ? hierarchy : hierarchy.resolve(own.substring(1));
      List<String> controllers = words(group.resolve("cgroup.controllers"));
      if (!controllers.contains("memory") || !controllers.contains("cpu")) {
        return problem(
            "the cgroup v2 hierarchy at "
                + mountPoint
                + " does not offer the memory and cpu controllers to "
                + own
                + " (offered: "
                + (controllers.isEmpty() ? "none" : String.join(" ", controllers))
                + "); on a cgroup v1 or hybrid machine those controllers belong to v1");
      }
      if (!Files.isWritable(group.resolve("cgroup.subtree_control")) || !Files.isWritable(group)) {
        return problem(
            "the cgroup "
                + own
                + " under "
                + mountPoint
                + " is not writable by this process (no delegated cgroup v2 subtree)");
      }
      return new Result(group, null);
    } catch (IOException e) {
      return problem("reading the cgroup configuration failed: " + e.getMessage());
    }
  }

  private static Result problem(String why) {
    return new Result(null, why);
  }

  /** The mount point of the cgroup2 file system in mountinfo lines, or null. */
  private static String cgroup2MountPoint(List<String> lines) {
    for (String line : lines) {
      int separator = line.indexOf(" - ");
      if (separator < 0) {
        continue;
      }
      String[] after = line.substring(separator + 3).split(" ");
      String[] before = line.substring(0, separator).split(" ");
      if (after.length > 0 && after[0].equals("cgroup2") && before.length > 4) {
        return before[4];
      }
    }
    return null;
  }

  private static String unifiedCgroup(List<String> lines) {
    for (String line : lines) {
      if (line.startsWith("0::")) {
        return line.substring(3);
      }
    }
    return null;
  }

  private static List<String> words(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text = Files.readString(file).trim();
    return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
  }
}
