package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ForeignPortHolderProcessTest {

  @Test
  void anotherProcessHoldsThePortUntilClosed() throws Exception {
    ForeignPortHolder holder = ForeignPortHolder.hold("127.0.0.1", 0);
    try {
      assertThat(holder.pid()).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(holder.endpoint()).isEqualTo("127.0.0.1:" + holder.port());
      assertThat(Sockets.bindError("127.0.0.1", holder.port())).get().asString().contains("Address already in use");
    } finally {
      holder.close();
      holder.close();
    }
    assertThat(holder.isAlive()).isFalse();
    Sockets.awaitBindableAfterRelease("127.0.0.1", holder.port());
  }

  @Test
  void failsClearlyWhenThePortIsTaken() {
    try (PortHolder mine = PortHolder.hold("127.0.0.1", 0)) {
      assertThatThrownBy(() -> ForeignPortHolder.hold("127.0.0.1", mine.port()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("child process could not hold 127.0.0.1:" + mine.port())
          .hasMessageContaining("Address already in use");
    }
  }
}
