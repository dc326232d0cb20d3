package dev.berth.server.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** /proc's figures are the platform MXBean's, which DescriptorLimit no longer starts at every run. */
class DescriptorLimitTest {

  @Test
  void readsTheLimitAndTheOpenCountTheMxBeanGives() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/limits")), "no /proc/self/limits: not Linux");
    var unix = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    assertThat(DescriptorLimit.max()).hasValue(unix.getMaxFileDescriptorCount());
    long before = unix.getOpenFileDescriptorCount();
    long ours = DescriptorLimit.open().orElseThrow();
    long after = unix.getOpenFileDescriptorCount();
    // Other tests in this JVM open and close descriptors meanwhile; the two readings bracket ours.
    assertThat(ours).isBetween(Math.min(before, after) - 16, Math.max(before, after) + 16);
  }
}
