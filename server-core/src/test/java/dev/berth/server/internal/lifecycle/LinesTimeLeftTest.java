package dev.berth.server.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The TLS expiry warning's "in ..." says a time a person reads right: it said "in 1 days" and "in 0 days". */
class LinesTimeLeftTest {

  @Test
  void daysFromTwoDaysOnHoursBelowThat() {
    assertThat(Lines.timeLeft(Duration.ofDays(13).plusHours(23))).isEqualTo("13 days");
    assertThat(Lines.timeLeft(Duration.ofHours(48))).isEqualTo("2 days");
    assertThat(Lines.timeLeft(Duration.ofHours(47).plusMinutes(59))).isEqualTo("47 hours");
    assertThat(Lines.timeLeft(Duration.ofHours(2))).isEqualTo("2 hours");
    assertThat(Lines.timeLeft(Duration.ofMinutes(119))).isEqualTo("1 hour");
    assertThat(Lines.timeLeft(Duration.ofMinutes(59))).isEqualTo("under an hour");
  }
}
