package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** Sizes and socket modes, the two value syntaxes the limit options add. */
class SizeTextTest {

  @ParameterizedTest
  @CsvSource({"512B,512", "8KiB,8192", "8kib,8192", "10MiB,10485760", "1GiB,1073741824", "0B,0", "4 KiB,4096"})
  void binaryUnits(String text, long bytes) {
    assertThat(SizeText.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "0", "-3"})
  void aBareNumberIsRefusedWithAHint(String text) {
    assertThatThrownBy(() -> SizeText.parse(text)).hasMessageContaining("'" + text + "' has no unit").hasMessageContaining("KiB");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8KB", "10MB", "1G", "8k"})
  void decimalUnitsAreRefusedNotGuessed(String text) {
    assertThatThrownBy(() -> SizeText.parse(text)).hasMessageContaining("decimal unit").hasMessageContaining("iB");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1.5MiB", "-1KiB", "99999999999999999999B", "9000000000GiB", "MiB"})
  void nonsenseIsRefusedNamingTheInput(String text) {
    assertThatThrownBy(() -> SizeText.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'");
  }

  @Test
  void formatPicksTheLargestExactUnit() {
    assertThat(SizeText.format(8192)).isEqualTo("8KiB");
    assertThat(SizeText.format(10L << 20)).isEqualTo("10MiB");
    assertThat(SizeText.format(1000)).isEqualTo("1000B");
    assertThat(SizeText.format(0)).isEqualTo("0B");
  }

  @ParameterizedTest
  @CsvSource({"0660,rw-rw----", "660,rw-rw----", "0600,rw-------", "0777,rwxrwxrwx", "0000,---------", "0640,rw-r-----"})
  void socketModesAreOctal(String text, String permissions) {
    assertThat(new SocketModeConverter().convert(text)).isEqualTo(PosixFilePermissions.fromString(permissions));
    assertThat(SocketModeConverter.format(PosixFilePermissions.fromString(permissions))).isEqualTo(text.length() == 3 ? "0" + text : text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"4777", "1660", "0668", "rw-rw----", "", "66", "06600"})
  void otherSocketModesAreRefused(String text) {
    assertThatThrownBy(() -> new SocketModeConverter().convert(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'" + text + "'");
  }
}
