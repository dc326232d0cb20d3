package dev.berth.cli;

import dev.berth.server.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.BindOutcome;
import dev.berth.server.BindReport;
import dev.berth.server.Endpoint;
import dev.berth.server.FailureReason;
import dev.berth.server.internal.ApiAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExitCodeTest {

  private static final Map<FailureReason, ExitCode> CONTRACT = Map.of(
      FailureReason.ADDRESS_IN_USE, ExitCode.TEMPFAIL,
      FailureReason.PERMISSION_DENIED, ExitCode.NOPERM,
      FailureReason.ADDRESS_NOT_AVAILABLE, ExitCode.CONFIG,
      FailureReason.HOST_UNRESOLVED, ExitCode.CONFIG,
      FailureReason.TLS_MATERIAL, ExitCode.CONFIG,
      FailureReason.TLS_UNREADABLE, ExitCode.NOPERM,
      FailureReason.SOCKET_PATH, ExitCode.CONFIG,
      FailureReason.INHERITED_SOCKET, ExitCode.CONFIG,
      FailureReason.RESOURCES_EXHAUSTED, ExitCode.OSERR,
      FailureReason.UNKNOWN, ExitCode.OSERR);

  @Test
  void numbersAreTheReleasedOnes() {
    assertThat(Arrays.stream(ExitCode.values()).map(c -> c.name() + "=" + c.code()))
        .containsExactly("OK=0", "USAGE=64", "SOFTWARE=70", "OSERR=71", "TEMPFAIL=75", "NOPERM=77", "CONFIG=78");
  }

  @ParameterizedTest
  @EnumSource(FailureReason.class)
  void everyFailureReasonHasItsCode(FailureReason reason) {
    assertThat(CONTRACT).containsKey(reason);
    assertThat(ExitCode.of(reason)).isEqualTo(CONTRACT.get(reason));
  }

  @Test
  void onlyAddressInUseIsWorthRetrying() {
    for (FailureReason reason : FailureReason.values()) {
      assertThat(ExitCode.of(reason) == ExitCode.TEMPFAIL).as(reason.name()).isEqualTo(reason.isTransient());
    }
  }

  @Test
  void precedenceIsTheDocumentedOrder() {
    assertThat(ExitCode.byPrecedence()).containsExactly(
        ExitCode.USAGE, ExitCode.SOFTWARE, ExitCode.CONFIG, ExitCode.NOPERM, ExitCode.OSERR, ExitCode.TEMPFAIL, ExitCode.OK);
    assertThat(ExitCodesCommand.precedenceLine()).isEqualTo("USAGE > SOFTWARE > CONFIG > NOPERM > OSERR > TEMPFAIL");
  }

  @Test
  void mostPermanentWinsForEveryPair() {
    List<ExitCode> order = ExitCode.byPrecedence();
    for (ExitCode a : ExitCode.values()) {
      for (ExitCode b : ExitCode.values()) {
        ExitCode expected = order.indexOf(a) <= order.indexOf(b) ? a : b;
        assertThat(ExitCode.mostPermanent(List.of(a, b))).as(a + " vs " + b).isEqualTo(expected);
      }
    }
    assertThat(ExitCode.mostPermanent(List.of())).isEqualTo(ExitCode.OK);
  }

  @Test
  void aReportMapsToTheMostPermanentFailure() {
    assertThat(ExitCode.of(report())).isEqualTo(ExitCode.OK);
    assertThat(ExitCode.of(report(FailureReason.ADDRESS_IN_USE))).isEqualTo(ExitCode.TEMPFAIL);
    assertThat(ExitCode.of(report(FailureReason.ADDRESS_IN_USE, FailureReason.RESOURCES_EXHAUSTED))).isEqualTo(ExitCode.OSERR);
    assertThat(ExitCode.of(report(FailureReason.RESOURCES_EXHAUSTED, FailureReason.PERMISSION_DENIED))).isEqualTo(ExitCode.NOPERM);
    assertThat(ExitCode.of(report(FailureReason.ADDRESS_IN_USE, FailureReason.PERMISSION_DENIED, FailureReason.HOST_UNRESOLVED)))
        .isEqualTo(ExitCode.CONFIG);
  }

  /** One bound endpoint plus one failed endpoint per reason. */
  private static BindReport report(FailureReason... reasons) {
    List<BindOutcome> outcomes = new ArrayList<>();
    outcomes.add(ApiAccess.get().bound(Endpoint.parse("127.0.0.1:0"), "127.0.0.1:40000", 40000, 1));
    int port = 1;
    for (FailureReason reason : reasons) {
      outcomes.add(ApiAccess.get().failed(Endpoint.parse("127.0.0.1:" + port++),
          ApiAccess.get().bindFailure(reason, null, 0, "test", 1, "hint", null, null)));
    }
    return ApiAccess.get().bindReport(outcomes, BindReport.Transport.NIO, Instant.now(), Duration.ZERO);
  }
}
