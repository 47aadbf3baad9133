package io.batchd.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe on fake /proc files and a fake cgroup file system under a temporary root. */
class CgroupProbeTest {
  private static final String V1_HYBRID =
      """
      25 31 0:23 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755
      41 25 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
      43 25 0:40 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
      """;
  private static final String V2 =
      "30 1 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw\n";

  @TempDir Path root;

  private CgroupProbe.Result probe(String mountinfo, String selfCgroup) throws Exception {
    return CgroupProbe.probe(
        Files.writeString(root.resolve("mountinfo"), mountinfo),
        Files.writeString(root.resolve("cgroup"), selfCgroup),
        root);
  }

  @Test
  void hybridMachinesOfferNoControllersToV2() throws Exception {
    Path unified = Files.createDirectories(root.resolve("sys/fs/cgroup/unified"));
    Files.writeString(unified.resolve("cgroup.controllers"), "\n");
    CgroupProbe.Result result = probe(V1_HYBRID, "4:memory:/x\n0::/\n");
    assertThat(result.usable()).isFalse();
    assertThat(result.problem())
        .isEqualTo(
            "the cgroup v2 hierarchy at /sys/fs/cgroup/unified does not offer the memory and cpu"
                + " controllers to / (offered: none); on a cgroup v1 or hybrid machine those"
                + " controllers belong to v1");
  }

  @Test
  void noCgroup2MountMeansNoEnforcement() throws Exception {
    CgroupProbe.Result result =
        probe("43 25 0:40 / /sys/fs/cgroup/memory rw - cgroup cgroup rw\n", "0::/\n");
    assertThat(result.problem()).isEqualTo("no cgroup v2 hierarchy is mounted");
  }

  @Test
  void aDelegatedV2GroupWithMemoryAndCpuIsUsable() throws Exception {
    Path group = Files.createDirectories(root.resolve("sys/fs/cgroup/user.slice/batchd"));
    Files.writeString(group.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    Files.writeString(group.resolve("cgroup.subtree_control"), "");
    CgroupProbe.Result result = probe(V2, "0::/user.slice/batchd\n");
    assertThat(result.problem()).isNull();
    assertThat(result.parent()).isEqualTo(group);
  }

  @Test
  void aV2GroupWithoutTheControllersIsNotUsable() throws Exception {
    Path group = Files.createDirectories(root.resolve("sys/fs/cgroup/app"));
    Files.writeString(group.resolve("cgroup.controllers"), "pids\n");
    CgroupProbe.Result result = probe(V2, "0::/app\n");
    assertThat(result.usable()).isFalse();
    assertThat(result.problem()).contains("(offered: pids)");
  }
}
