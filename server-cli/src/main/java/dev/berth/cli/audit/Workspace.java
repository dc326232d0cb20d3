package dev.berth.cli.audit;

import dev.berth.testkit.Privilege;
import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.TestCertificates.Issued;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The files an audit hands the server, in one temporary directory that an unprivileged user
 * can read (the privileged-port scenario runs the server as {@code nobody}, and it must fail
 * on the port, not on a file): the working directory, a world-writable sticky directory for
 * unix sockets, and TLS material made by the testkit (keys readable by all: they are
 * throw-away test keys). Removed by {@link #close()}.
 */
final class Workspace implements AutoCloseable {
  private final Path directory;
  private final Path sockets;
  private TestCertificates certificates;
  private Material good;
  private Material expired;
  private Material mismatched;
  private int serial;

  /**
   * A certificate and the key handed with it.
   *
   * @param certificate PEM certificate
   * @param key PEM private key (in the mismatch case, another certificate's)
   */
  record Material(Path certificate, Path key) {}

  Workspace() {
    directory = Privilege.worldReadableDirectory();
    try {
      sockets = Files.createDirectory(directory.resolve("s"));
      Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwxrwxrwx"));
      // sticky, like /tmp: no NIO attribute for it
      new ProcessBuilder("chmod", "1777", sockets.toString()).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a socket directory in " + directory + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  Path directory() {
    return directory;
  }

  /** A fresh unix socket path (nothing there yet). */
  synchronized Path socketPath(String name) {
    return sockets.resolve(++serial + "-" + name);
  }

  synchronized Material good() {
    if (good == null) {
      good = readable(certificates().localhost(), "good");
    }
    return good;
  }

  synchronized Material expired() {
    if (expired == null) {
      expired = readable(certificates().expired(), "expired");
    }
    return expired;
  }

  /** The good certificate with the key of another one. */
  synchronized Material mismatched() {
    if (mismatched == null) {
      Material other = readable(certificates().localhost(), "other");
      mismatched = new Material(good().certificate(), other.key());
    }
    return mismatched;
  }

  private TestCertificates certificates() {
    if (certificates == null) {
      certificates = TestCertificates.create();
    }
    return certificates;
  }

  private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

  private Material readable(Issued issued, String name) {
    return new Material(certificates.copy(issued.certificate(), name + "-cert.pem", READABLE),
        certificates.copy(issued.key(), name + "-key.pem", READABLE));
  }

  @Override
  public synchronized void close() {
    if (certificates != null) {
      certificates.close();
    }
    Privilege.deleteCopy(directory);
  }
}
