package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.Addresses;
import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.Privilege;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Permission denied" (77) needs a process the OS really refuses: berth runs as
 * {@code nobody} (setpriv) from a world-readable copy of the class path. Skipped, with the
 * reason, where that cannot be arranged. Port 7 is refused before the kernel even looks at
 * whether it is in use, so no free low port is needed.
 */
class PermissionProcessTest {

  private static final String PRIVILEGED = "127.0.0.1:7";

  private static Path copy;
  private static Path lockedDir;

  @BeforeAll
  static void copyClassPath() throws IOException {
    Optional<String> cannot = Privilege.privilegedBindRefusal();
    assumeTrue(cannot.isEmpty(), () -> "cannot make a privileged bind fail here: " + cannot.orElse(""));
    copy = Privilege.worldReadableCopy(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of).toList());
    // r-x for everyone: unwritable for the child whether it runs as nobody (from root) or as us.
    lockedDir = Files.createTempDirectory("berth-cli-locked", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
  }

  @AfterAll
  static void deleteCopy() throws IOException {
    if (copy != null) {
      Privilege.deleteCopy(copy);
    }
    if (lockedDir != null) {
      Files.deleteIfExists(lockedDir);
    }
  }

  private static ServerProcess runUnprivileged(String... args) {
    List<String> command = Berth.java().classpath(Privilege.classpathOf(copy)).args(args).build();
    ServerProcess p = ServerProcess.command(Privilege.asUnprivileged(command)).directory(copy).start();
    p.awaitExit(Berth.EXIT);
    return p;
  }

  @Test
  void aPrivilegedPortIsExit77() {
    ServerProcess berth = runUnprivileged("serve", "--bind", PRIVILEGED);
    assertThat(berth.awaitExit(Berth.EXIT)).as(berth.stderr()).isEqualTo(77);
    assertThat(berth.stderrLines()).singleElement().asString()
        .startsWith("berth: cannot listen on " + PRIVILEGED + ": permission denied (EACCES (13))")
        .contains("ports below 1024");
  }

  @Test
  void anUnwritableSocketDirectoryIsExit77() {
    ServerProcess check = runUnprivileged("check", "--bind", "unix:" + lockedDir.resolve("app.sock"));
    assertThat(check.awaitExit(Berth.EXIT)).as(check.stderr()).isEqualTo(77);
    assertThat(check.stdout()).contains("permission denied (EACCES (13))", "make its directory writable");
  }

  /**
   * A read-only root filesystem with no volume on /tmp (Kubernetes' readOnlyRootFilesystem, the
   * image's tests in deploy/test-image.sh): Vert.x cannot make its class-path file cache under
   * java.io.tmpdir and would refuse to start; berth serves without that cache, saying nothing.
   */
  @Test
  void anUnwritableTempDirectoryStillServes() {
    List<String> command = Berth.java().jvmArg("-Djava.io.tmpdir=" + lockedDir).classpath(Privilege.classpathOf(copy))
        .args("serve", "--bind", "127.0.0.1:0").build();
    ServerProcess berth = ServerProcess.command(Privilege.asUnprivileged(command)).directory(copy)
        .readyWhenStderrMatches(Berth.READY).start();
    berth.awaitReady(Berth.START);
    berth.signal(Signal.TERM);
    assertThat(berth.awaitExit(Berth.EXIT)).as(berth.stderr()).isZero();
    assertThat(berth.stderrLines()).as(berth.stderr()).allMatch(line -> line.startsWith(Berth.READY)
        || line.contains("SIGTERM") || line.equals("berth: stopped"));
  }

  @Test
  void permissionDeniedOutranksAddressInUse() {
    try (ForeignPortHolder holder = ForeignPortHolder.hold("127.0.0.1", 0)) {
      ServerProcess check = runUnprivileged("check", "--bind", holder.endpoint(), "--bind", PRIVILEGED);
      assertThat(check.awaitExit(Berth.EXIT)).as(check.stderr()).isEqualTo(77);
      assertThat(check.stdout()).contains("EADDRINUSE (98)", "EACCES (13)");
    }
  }

  @Test
  void configurationOutranksPermissionDenied() {
    List<String> args = new ArrayList<>(List.of("check", "--bind", PRIVILEGED, "--bind", Addresses.nonLocalIPv4() + ":0"));
    ServerProcess check = runUnprivileged(args.toArray(String[]::new));
    assertThat(check.awaitExit(Berth.EXIT)).as(check.stderr()).isEqualTo(78);
    assertThat(check.stdout()).contains("EACCES (13)", "EADDRNOTAVAIL (99)");
  }
}
