package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/berth-class-cache, run by a real shell on a distribution laid out in a temp dir: the
 * launcher hands the JVM the cache written for that JDK (an AOT cache on 25+, the AppCDS
 * archive before), and no cache that is stale or another JDK's. The "JDKs" are directories
 * with the release file the script reads; nothing here starts a JVM.
 */
class ClassCacheSelectionTest {

  private static final Instant JARS = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path root;

  @Test
  void jdk25UsesItsAotCacheWhenNoJarIsNewer() throws Exception {
    Path home = dist();
    Path cache = touch(home.resolve("lib/berth-jdk25.0.3.aot"), JARS.plusSeconds(60));
    String[] r = select(home, jdk("25.0.3"), null);
    assertThat(r[0]).contains("-XX:AOTCache=" + cache).doesNotContain("SharedArchiveFile");
    assertThat(r[1]).isEqualTo(cache + " (AOT cache for JDK 25.0.3)");
  }

  @Test
  void aStaleCacheIsSkippedAndSaysWhy() throws Exception {
    Path home = dist();
    touch(home.resolve("lib/berth-jdk25.0.3.aot"), JARS.minusSeconds(60));
    String[] r = select(home, jdk("25.0.3"), null);
    assertThat(r[0]).isEmpty();
    assertThat(r[1]).startsWith("none (").contains("stale", "berth-make-cds");
  }

  @Test
  void anotherJdksCacheIsNeverPicked() throws Exception {
    Path home = dist();
    touch(home.resolve("lib/berth-jdk25.0.2.aot"), JARS.plusSeconds(60));
    touch(home.resolve("lib/berth.jsa"), JARS.plusSeconds(60));
    String[] r = select(home, jdk("25.0.3"), null);
    assertThat(r[0]).isEmpty();
    assertThat(r[1]).contains("berth-jdk25.0.3.aot missing");
  }

  @Test
  void jdk17UsesTheAppCdsArchive() throws Exception {
    Path home = dist();
    Path jsa = touch(home.resolve("lib/berth.jsa"), JARS.plusSeconds(60));
    touch(home.resolve("lib/berth-jdk25.0.3.aot"), JARS.plusSeconds(60));
    String[] r = select(home, jdk("17.0.15"), null);
    assertThat(r[0]).contains("-XX:SharedArchiveFile=" + jsa).doesNotContain("AOTCache");
    assertThat(r[1]).contains("AppCDS archive");
  }

  @Test
  void berthNoCdsTurnsEveryCacheOff() throws Exception {
    Path home = dist();
    touch(home.resolve("lib/berth-jdk25.0.3.aot"), JARS.plusSeconds(60));
    String[] r = select(home, jdk("25.0.3"), "1");
    assertThat(r[0]).isEmpty();
    assertThat(r[1]).isEqualTo("none (BERTH_NO_CDS is set)");
  }

  private Path dist() throws IOException {
    Path home = Files.createDirectories(root.resolve("berth"));
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("lib"));
    Files.copy(Path.of("src/dist/bin/berth-class-cache"), home.resolve("bin/berth-class-cache"));
    touch(home.resolve("lib/a.jar"), JARS);
    touch(home.resolve("lib/b.jar"), JARS);
    return home;
  }

  private Path jdk(String version) throws IOException {
    Path jdk = Files.createDirectories(root.resolve("jdk-" + version + "/bin"));
    Files.writeString(jdk.getParent().resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = jdk.resolve("java");
    Files.writeString(java, "#!/bin/sh\nexit 99\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }

  private static Path touch(Path file, Instant when) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
    Files.setLastModifiedTime(file, FileTime.from(when));
    return file;
  }

  /** -> {cache_flags, cache_note} as the launcher would compute them. */
  private static String[] select(Path home, Path java, String noCds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c",
        ". \"$1/bin/berth-class-cache\" && class_cache \"$1\" \"$2\" && printf '%s\\n%s\\n' \"$cache_flags\" \"$cache_note\"",
        "sh", home.toString(), java.toString());
    pb.environment().remove("BERTH_NO_CDS");
    if (noCds != null) {
      pb.environment().put("BERTH_NO_CDS", noCds);
    }
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("sh exit; stdout:%n%s%nstderr:%n%s", out, err).isZero();
    String[] lines = out.split("\n", -1);
    assertThat(lines.length).as("two lines; stdout:%n%s%nstderr:%n%s", out, err).isGreaterThanOrEqualTo(2);
    return new String[] {lines[0], lines[1]};
  }
}
