package dev.berth.testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * server-testkit's public API is the committed api/server-testkit.api: a change to it shows
 * in the diff. Regenerate with {@code -Dberth.api.update=true} when the change is intended.
 */
class PublicApiTest {

  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.assertUnchanged(Path.of("api/server-testkit.api"), Path.of("target/classes"),
        "dev.berth.testkit", "dev.berth.testkit.junit5");
  }
}
