package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ApiListing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tiers a reader can see: {@code dev.berth.server} is what embedders use, the engine lives
 * in {@code dev.berth.server.internal.*} by concern. A JPMS descriptor cannot say so, because the
 * one door to Vert.x ({@code internal.vertx}) needs {@code io.vertx.core.net.impl}, which
 * vertx-core's module does not export; so the naming is enforced here instead.
 */
class InternalPackagesTest {

  @Test
  void thePublicApiNamesNoInternalType() {
    String listing = ApiListing.of(Path.of("target/classes"), "dev.berth.server");
    assertThat(listing.lines().filter(l -> l.contains(".internal.")).toList())
        .as("a public signature that exposes the engine").isEmpty();
  }

  @Test
  void everyClassBesideTheApiIsInAnInternalPackageNamedForItsConcern() throws IOException {
    Path root = Path.of("src/main/java/dev/berth/server");
    List<String> packages;
    try (Stream<Path> dirs = Files.walk(root)) {
      packages = dirs.filter(Files::isDirectory).map(d -> root.relativize(d).toString()).filter(s -> !s.isEmpty()).sorted().toList();
    }
    assertThat(packages).allMatch(p -> p.equals("internal") || p.startsWith("internal/"));
    assertThat(packages).contains("internal/bind", "internal/tls", "internal/http1", "internal/limits", "internal/inherit",
        "internal/vertx");
  }

  @Test
  void onlyTheVertxDoorImportsVertxImplementationPackages() throws IOException {
    Path root = Path.of("src/main/java");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.toString().contains("/internal/vertx/"))
          .filter(f -> read(f).lines().anyMatch(l -> l.startsWith("import io.vertx.core.") && l.matches(".*\\.(impl|internal)\\..*")))
          .map(Path::toString).toList();
    }
    assertThat(offenders).as("reach Vert.x internals only through dev.berth.server.internal.vertx").isEmpty();
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
