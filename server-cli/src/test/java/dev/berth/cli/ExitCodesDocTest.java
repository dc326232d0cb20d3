package dev.berth.cli;

import dev.berth.server.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/exit-codes.md and the exit-codes command say what the enum says: one source of truth. */
class ExitCodesDocTest {

  private static final Path DOC = Path.of("..", "docs", "exit-codes.md");

  @Test
  void theDocumentedTableIsTheGeneratedOne() throws IOException {
    String doc = Files.readString(DOC);
    assertThat(doc).as("docs/exit-codes.md must contain the output of 'berth exit-codes --markdown' verbatim")
        .contains(ExitCodesCommand.markdown());
    long rows = doc.lines().filter(l -> l.matches("\\| \\d+ \\| [A-Z]+ \\|.*")).count();
    assertThat(rows).as("no other exit-code rows in the doc").isEqualTo(ExitCode.values().length);
  }

  @Test
  void theReadmeTableIsTheGeneratedOne() throws IOException {
    assertThat(Files.readString(Path.of("..", "README.md"))).contains(ExitCodesCommand.markdown());
  }

  @Test
  void theBindReportDocMapsEveryReasonToItsExitCode() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "bind-report.md"));
    for (dev.berth.server.FailureReason reason : dev.berth.server.FailureReason.values()) {
      ExitCode code = ExitCode.of(reason);
      assertThat(doc).as("docs/bind-report.md row for %s", reason)
          .containsPattern("\\| `" + reason.code() + "` \\|[^\\n]*\\| " + code.code() + " " + code.name() + " \\|");
    }
  }

  @Test
  void theDocumentedPrecedenceIsTheEnumsOrder() throws IOException {
    assertThat(Files.readString(DOC)).contains(ExitCodesCommand.precedenceLine());
  }

  @Test
  void jsonListsEveryCode() {
    JsonObject json = ExitCodesCommand.json();
    assertThat(json.getJsonArray("codes")).hasSize(ExitCode.values().length);
    assertThat(json.getJsonArray("codes").getJsonObject(4).getInteger("code")).isEqualTo(75);
    assertThat(json.getJsonArray("precedence").getString(0)).isEqualTo("USAGE");
  }
}
