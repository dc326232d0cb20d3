package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({"300ms,300", "2s,2000", "1.5s,1500", "1m,60000", "1h,3600000", "0s,0", "PT0.3S,300", "pt2s,2000", "PT1M,60000", "10S,10000"})
  void unitsAndIso(String text, long millis) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "0", "1.5", "-3"})
  void aBareNumberIsRefusedWithAHint(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "' has no unit")
        .hasMessageContaining("ms");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "5 parsecs", "-2s", "PT-1S", "1d", "s"})
  void nonsenseIsRefusedNamingTheInput(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @CsvSource({"300,300ms", "2000,2s", "1500,1500ms", "0,0ms"})
  void formatsShort(long millis, String text) {
    assertThat(DurationText.format(Duration.ofMillis(millis))).isEqualTo(text);
  }
}
