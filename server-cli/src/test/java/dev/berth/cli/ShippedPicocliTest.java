package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The tests run on the picocli the distribution ships (compiled for Java 17 from its published
 * sources, so that the class cache can hold it), not on the published jar of Java 5 classes.
 */
class ShippedPicocliTest {

  @Test
  void picocliHereIsTheJava17BuildThatShips() throws IOException {
    try (InputStream in = CommandLine.class.getResourceAsStream("CommandLine.class")) {
      DataInputStream data = new DataInputStream(in);
      assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
      data.readUnsignedShort(); // minor
      assertThat(data.readUnsignedShort()).as("class file major version of %s",
          CommandLine.class.getProtectionDomain().getCodeSource().getLocation()).isEqualTo(61);
    }
  }
}
