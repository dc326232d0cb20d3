package dev.berth.server.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testkit.Await;
import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.JavaCommand;
import dev.berth.testkit.ServerProcess;
import dev.berth.testkit.Signal;
import dev.berth.testkit.TestCertificates;
import dev.berth.testkit.junit5.TestkitExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scenarios of issue 22 for an embedded main on its own Vert.x (and on one Berth creates
 * from VertxOptions), run as a child JVM with server-core's class path only: a busy port exits
 * 75 before any endpoint reached listen(2) (strace); https:// without material is 64 in one
 * line; SIGHUP reloads the certificate and serving goes on; SIGTERM while clients keep
 * connecting exits 0 with no warning or stack trace on any stream.
 */
@ExtendWith(TestkitExtension.class) // closes the static fixtures after the class
class OwnVertxMainProcessTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern HTTP_PORT = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final TestCertificates certs = TestCertificates.create();
  private static final ForeignPortHolder held = ForeignPortHolder.hold("127.0.0.1", 0);

  @TempDir
  Path dir;

  private static List<String> java(String vertx, String... args) {
    return JavaCommand.builder().classpath(ProductionMainProcessTest.embedderClasspath()).jvmArg("-XX:TieredStopAtLevel=1")
        .jvmArg("-Dshop.vertx=" + vertx).main(OwnVertxMain.class.getName()).args(args).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"instance", "options"})
  void aBusyPortExits75BeforeAnyEndpointReachedListen(String vertx) throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "needs /usr/bin/strace to see listen(2) calls");
    Path trace = dir.resolve("listen.trace");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-qq", "-e", "trace=listen", "-o", trace.toString()));
    TestCertificates.Issued good = certs.localhost();
    cmd.addAll(java(vertx, held.endpoint(), "https://127.0.0.1:0", good.certificate().toString(), good.key().toString()));
    ServerProcess p = ServerProcess.command(cmd).start();
    assertThat(p.awaitExit(WAIT)).as(p.stderr()).isEqualTo(75);
    assertThat(p.stderrLines()).singleElement().asString()
        .startsWith("cannot listen on " + held.endpoint() + ": address already in use (EADDRINUSE (98))");
    List<String> listens = Files.readAllLines(trace).stream().filter(l -> l.contains("listen(")).toList();
    assertThat(listens).as("listen(2) calls: the https endpoint must not have listened").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"instance", "options"})
  void httpsWithoutMaterialIsAUsageErrorInOneLine(String vertx) {
    ServerProcess p = ServerProcess.command(java(vertx, "127.0.0.1:0", "https://127.0.0.1:0")).start();
    assertThat(p.awaitExit(WAIT)).as(p.stderr()).isEqualTo(64);
    assertThat(p.stderrLines()).singleElement().asString()
        .isEqualTo("invalid endpoint 'https://127.0.0.1:0': an https:// endpoint needs TLS material;"
            + " give it with tls(TlsMaterial.pem(...)) or tls(TlsMaterial.pkcs12(...)), or bind http://");
  }

  @ParameterizedTest
  @ValueSource(strings = {"instance", "options"})
  void sighupReloadsTheCertificateAndServingGoesOn(String vertx) throws Exception {
    TestCertificates.Issued good = certs.localhost();
    Path cert = Files.copy(good.certificate(), dir.resolve("cert.pem"));
    Path key = Files.copy(good.key(), dir.resolve("key.pem"));
    try (ServerProcess p = ServerProcess.command(java(vertx, "127.0.0.1:0", "https://127.0.0.1:0", cert.toString(), key.toString()))
        .readyWhenStderrMatches("^ready on 2 endpoints$").start()) {
      p.awaitReady(WAIT);
      int port = httpPort(p);
      TestCertificates.Issued next = certs.expiringInDays(300);
      Files.copy(next.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(next.key(), key, StandardCopyOption.REPLACE_EXISTING);
      p.signal(Signal.HUP);
      p.awaitOutput(Pattern.compile(Pattern.quote("SIGHUP: TLS certificate reloaded: ")), WAIT);
      assertThat(p.stderr()).contains("SHA-256 " + next.sha256());
      assertThat(get(port)).startsWith("HTTP/1.1 200");
      assertThat(p.isAlive()).isTrue();
      p.signal(Signal.TERM);
      assertThat(p.awaitExit(WAIT)).as(p.stderr()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"instance", "options"})
  void sigtermWhileClientsKeepConnectingExitsZeroWithoutAWarning(String vertx) throws Exception {
    try (ServerProcess p = ServerProcess.command(java(vertx, "127.0.0.1:0", "127.0.0.2:0"))
        .readyWhenStderrMatches("^ready on 2 endpoints$").start()) {
      p.awaitReady(WAIT);
      int port = httpPort(p);
      AtomicBoolean going = new AtomicBoolean(true);
      AtomicInteger answered = new AtomicInteger();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> {
          while (going.get()) {
            try {
              if (get(port).startsWith("HTTP/1.1 200")) {
                answered.incrementAndGet();
              }
            } catch (IOException e) {
              // refused or reset once the server stops: what this test counts is the server's side
            }
          }
        });
        t.start();
        clients.add(t);
      }
      Await.until("20 requests answered before the stop", WAIT, p, () -> answered.get() >= 20);
      p.signal(Signal.TERM);
      int status = p.awaitExit(WAIT);
      going.set(false);
      for (Thread t : clients) {
        t.join();
      }
      assertThat(status).as(p.stderr()).isZero();
      assertThat(answered.get()).as("requests answered before the stop").isPositive();
      assertThat(p.stderrLines()).as("no warning, no stack trace").noneMatch(l -> l.contains("WARN") || l.contains("Exception")
          || l.startsWith("\tat ") || l.contains("SEVERE"));
      assertThat(p.stdout()).isEmpty();
    }
  }

  private static int httpPort(ServerProcess p) {
    for (String line : p.stderrLines()) {
      Matcher m = HTTP_PORT.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no http listening line in " + p.stderr());
  }

  private static String get(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

}
