package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

  @Test
  void formatsImfFixdateWithATwoDigitDay() {
    // RFC 9110 5.6.7's own example, and a one-digit day, which RFC_1123_DATE_TIME would write as "1".
    assertThat(HttpDates.format(Instant.parse("1994-11-06T08:49:37Z").toEpochMilli()))
        .isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDates.format(Instant.parse("2026-12-01T00:00:09Z").toEpochMilli()))
        .isEqualTo("Tue, 01 Dec 2026 00:00:09 GMT");
  }

  @Test
  void parsesWhatItFormatsAndRefusesOtherForms() {
    long seconds = Instant.parse("2026-02-28T23:59:59Z").getEpochSecond();
    assertThat(HttpDates.parseSeconds(HttpDates.format(seconds * 1000))).isEqualTo(seconds);
    assertThat(HttpDates.parseSeconds("Sunday, 06-Nov-94 08:49:37 GMT")).as("RFC 850 form").isEqualTo(-1);
    assertThat(HttpDates.parseSeconds("Mon, 06 Nov 1994 08:49:37 GMT")).as("a weekday that does not match").isEqualTo(-1);
    assertThat(HttpDates.parseSeconds(null)).isEqualTo(-1);
  }

  @Test
  void nowIsTheCurrentSecond() {
    long before = System.currentTimeMillis() / 1000;
    long now = HttpDates.parseSeconds(HttpDates.now());
    assertThat(now).isBetween(before, System.currentTimeMillis() / 1000);
  }
}
