package dev.berth.server;

import dev.berth.testkit.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * server-core's public API is the committed api/server-core.api: a change to it shows in the
 * diff. Regenerate with {@code -Dberth.api.update=true} when the change is intended.
 */
class PublicApiTest {

  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.assertUnchanged(Path.of("api/server-core.api"), Path.of("target/classes"), "dev.berth.server");
  }
}
