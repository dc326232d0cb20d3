package dev.berth.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version Maven wrote into the jar's manifest. */
final class BerthVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = BerthVersion.class.getPackage().getImplementationVersion();
    return new String[] {"berth " + (version == null ? "(development build)" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
  }
}
