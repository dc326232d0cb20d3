package dev.berth.server.internal.bind;

import dev.berth.server.BindFailure;
import dev.berth.server.Endpoint;
import dev.berth.server.FailureReason;
import dev.berth.server.internal.tls.TlsLoader;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.unix.Errors;
import java.net.BindException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins every errno mapping, in both shapes a transport reports it: native epoll gives the
 * number (Netty's NativeIoException), NIO only the OS's message. The real failures are
 * produced in BindFailuresTest on both transports; this table covers the causes a test
 * cannot provoke on demand (ENOBUFS, ENFILE, ...).
 */
class ClassificationTableTest {

  static {
    // Netty's Errors class needs the native library loaded; skip the table where it cannot load.
    io.netty.channel.epoll.Epoll.isAvailable();
  }

  @org.junit.jupiter.api.BeforeAll
  static void nativeLibraryLoads() {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(),
        () -> "native epoll unavailable: " + io.netty.channel.epoll.Epoll.unavailabilityCause());
  }

  private static final Endpoint TCP = Endpoint.parse("127.0.0.1:8080");
  private static final Endpoint UNIX = Endpoint.parse("unix:/run/x.sock");

  @ParameterizedTest
  @CsvSource({
      "EPERM, PERMISSION_DENIED", "ENOENT, UNKNOWN", "ENOMEM, RESOURCES_EXHAUSTED", "EACCES, PERMISSION_DENIED",
      "ENOTDIR, UNKNOWN", "EINVAL, ADDRESS_NOT_AVAILABLE", "ENFILE, RESOURCES_EXHAUSTED", "EMFILE, RESOURCES_EXHAUSTED",
      "EROFS, UNKNOWN", "ENAMETOOLONG, UNKNOWN", "ELOOP, UNKNOWN", "EAFNOSUPPORT, ADDRESS_NOT_AVAILABLE",
      "EADDRINUSE, ADDRESS_IN_USE", "EADDRNOTAVAIL, ADDRESS_NOT_AVAILABLE", "ENOBUFS, RESOURCES_EXHAUSTED",
  })
  void tcpMappingIsTheSameByNumberAndByMessage(Errno errno, FailureReason expected) {
    BindFailure byNumber = BindFailureClassifier.classify(TCP, Errors.newIOException("bind", -errno.number()));
    BindFailure byMessage = BindFailureClassifier.classify(TCP, new BindException(errno.message()));
    assertThat(byNumber.reason()).isEqualTo(expected);
    assertThat(byMessage.reason()).isEqualTo(expected);
    assertThat(byNumber.errnoText()).isEqualTo(byMessage.errnoText()).isEqualTo(errno.name() + " (" + errno.number() + ")");
    assertThat(byNumber.osMessage()).isEqualTo(byMessage.osMessage());
  }

  @ParameterizedTest
  @CsvSource({
      "ENOENT, SOCKET_PATH", "ENOTDIR, SOCKET_PATH", "ENAMETOOLONG, SOCKET_PATH", "EROFS, SOCKET_PATH", "ELOOP, SOCKET_PATH",
      "EINVAL, SOCKET_PATH", "EACCES, PERMISSION_DENIED", "EADDRINUSE, ADDRESS_IN_USE", "EMFILE, RESOURCES_EXHAUSTED",
  })
  void unixPathMappingSpeaksAboutThePath(Errno errno, FailureReason expected) {
    assertThat(BindFailureClassifier.classify(UNIX, Errors.newIOException("bind", -errno.number())).reason()).isEqualTo(expected);
    assertThat(BindFailureClassifier.classify(UNIX, new SocketException(errno.message())).reason()).isEqualTo(expected);
  }

  @Test
  void everyReasonButHostUnresolvedHasAnErrnoThatLeadsToIt() {
    Set<FailureReason> reached = EnumSet.noneOf(FailureReason.class);
    for (Errno errno : Errno.values()) {
      reached.add(BindFailureClassifier.classify(TCP, Errors.newIOException("bind", -errno.number())).reason());
      reached.add(BindFailureClassifier.classify(UNIX, Errors.newIOException("bind", -errno.number())).reason());
    }
    // A name lookup fails without an errno; an inherited socket is judged before any bind; the TLS
    // reasons come from reading certificate files (TlsLoader), never from a socket's errno.
    Set<FailureReason> notFromErrno = EnumSet.of(FailureReason.HOST_UNRESOLVED, FailureReason.INHERITED_SOCKET,
        FailureReason.TLS_MATERIAL, FailureReason.TLS_UNREADABLE);
    assertThat(reached).containsAll(EnumSet.complementOf(EnumSet.copyOf(notFromErrno)));
    assertThat(reached).doesNotContain(FailureReason.TLS_MATERIAL, FailureReason.TLS_UNREADABLE);
  }

  @Test
  void jdkWordingsAreRecognised() {
    assertThat(BindFailureClassifier.classify(TCP, new SocketException("Protocol family unavailable")).errno()).isEqualTo("EAFNOSUPPORT");
    assertThat(BindFailureClassifier.classify(TCP, new BindException("Too many open files in system")).errno()).isEqualTo("ENFILE");
    assertThat(BindFailureClassifier.classify(TCP, new BindException("Too many open files")).errno()).isEqualTo("EMFILE");
  }

  @Test
  void nettyPrefixIsDroppedFromTheOsWords() {
    BindFailure f = BindFailureClassifier.classify(TCP, Errors.newIOException("bind", -98));
    assertThat(f.osMessage()).isEqualTo("Address already in use");
  }

  @Test
  void unresolvedHostHasNoErrno() {
    BindFailure f = BindFailureClassifier.classify(TCP, new UnknownHostException("nope.invalid"));
    assertThat(f.reason()).isEqualTo(FailureReason.HOST_UNRESOLVED);
    assertThat(f.errno()).isNull();
    assertThat(f.errnoText()).isEmpty();
  }

  @Test
  void anythingElseIsUnknownWithItsMessageKept() {
    BindFailure f = BindFailureClassifier.classify(TCP, new IllegalStateException("weird"));
    assertThat(f.reason()).isEqualTo(FailureReason.UNKNOWN);
    assertThat(f.osMessage()).isEqualTo("weird");
  }

  @ParameterizedTest
  @EnumSource(FailureReason.class)
  void everyReasonHasAHintAndAStableCode(FailureReason reason) {
    assertThat(Hints.forFailure(TCP, reason, null)).isNotBlank();
    assertThat(Hints.forFailure(UNIX, reason, null)).isNotBlank();
    assertThat(FailureReason.fromCode(reason.code())).isEqualTo(reason);
  }
}
