package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testkit.PortHolder;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BindReportJsonTest {

  @Test
  void aRealFailureReportRoundTripsThroughJson() {
    try (PortHolder busy = PortHolder.hold("127.0.0.1", 0)) {
      BindReport report = Transport.NIO.builder().bind("127.0.0.1:0", busy.endpoint()).build().startAndWait();
      JsonObject json = report.toJson();
      assertThat(json.getString("schema")).isEqualTo("berth.bind-report/1");
      assertThat(json.getBoolean("ok")).isFalse();
      assertThat(json.getJsonArray("endpoints").getJsonObject(1).getString("reason")).isEqualTo("address_in_use");
      assertThat(json.getJsonArray("endpoints").getJsonObject(1).getInteger("errnoNumber")).isEqualTo(98);
      assertThat(BindReport.fromJson(json).toJson()).isEqualTo(json);
    }
  }

  @Test
  void theDocumentedExamplesAreValidReports() throws Exception {
    String doc = Files.readString(Path.of("../docs/bind-report.md"));
    Matcher blocks = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<JsonObject> examples = new ArrayList<>();
    while (blocks.find()) {
      examples.add(new JsonObject(blocks.group(1)));
    }
    assertThat(examples).hasSize(2);
    for (JsonObject example : examples) {
      BindReport report = BindReport.fromJson(example);
      assertThat(report.toJson()).isEqualTo(example);
      assertThat(report.succeeded()).isEqualTo(example.getBoolean("ok"));
    }
  }

  @Test
  void documentedReasonsAreExactlyTheEnum() throws Exception {
    String doc = Files.readString(Path.of("../docs/bind-report.md"));
    Matcher rows = Pattern.compile("^\\| `([a-z_]+)` \\| [^|]+\\| \\d\\d [A-Z]+ \\|", Pattern.MULTILINE).matcher(doc);
    List<String> documented = new ArrayList<>();
    while (rows.find()) {
      documented.add(rows.group(1));
    }
    assertThat(documented).containsExactly(java.util.Arrays.stream(FailureReason.values()).map(FailureReason::code).toArray(String[]::new));
  }

  @Test
  void anotherSchemaIsRejected() {
    assertThatThrownBy(() -> BindReport.fromJson(new JsonObject().put("schema", "berth.bind-report/2")))
        .hasMessageContaining("not a berth.bind-report/1 document");
  }
}
