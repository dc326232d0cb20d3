package dev.berth.cli;

import dev.berth.testkit.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * server-cli's public API is the committed api/server-cli.api: a change to it shows in the
 * diff. Regenerate with {@code -Dberth.api.update=true} when the change is intended.
 */
class PublicApiTest {

  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.assertUnchanged(Path.of("api/server-cli.api"), Path.of("target/classes"), "dev.berth.cli");
  }
}
