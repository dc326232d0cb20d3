package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.PortHolder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Failed binds must not leak descriptors: a supervisor may retry for days. Isolated so counts are ours. */
@Isolated
class ResourceLeakTest {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void twoHundredFailedBindsLeakNoFileDescriptors(Transport transport) throws IOException {
    Vertx vertx = transport.vertx();
    try (PortHolder holder = PortHolder.loopbackV4()) {
      for (int i = 0; i < 20; i++) {
        failOnce(vertx, holder);
      }
      long before = openDescriptors();
      for (int i = 0; i < 200; i++) {
        failOnce(vertx, holder);
      }
      long after = openDescriptors();
      assertThat(after).as("descriptors before %d, after 200 failed binds %d", before, after).isLessThanOrEqualTo(before + 2);
    } finally {
      vertx.close().await();
    }
  }

  private static void failOnce(Vertx vertx, PortHolder holder) {
    BindReport report = BerthServer.builder().vertx(vertx).bind(holder.endpoint()).handler(r -> r.response().end()).build().startAndWait();
    assertThat(report.succeeded()).isFalse();
  }

  static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
