package dev.berth.testkit.junit5;

import org.junit.jupiter.api.extension.ExtensionContext;

/** Lets JUnit close a fixture when its context ends, whatever the configuration says about AutoCloseable. */
final class ClosingResource implements ExtensionContext.Store.CloseableResource {
  private final AutoCloseable fixture;

  ClosingResource(AutoCloseable fixture) {
    this.fixture = fixture;
  }

  @Override
  public void close() throws Exception {
    fixture.close();
  }
}
