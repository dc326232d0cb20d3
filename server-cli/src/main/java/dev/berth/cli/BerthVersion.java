package dev.berth.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version Maven wrote into the jar's manifest, the JVM, and the class
 * cache bin/berth chose for it (an AOT cache or an AppCDS archive, or why none), so that a
 * slow start can be told from a missing or stale cache.
 */
final class BerthVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = BerthVersion.class.getPackage().getImplementationVersion();
    String cache = System.getProperty("berth.classCache");
    return new String[] {"berth " + (version == null ? "(development build)" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
        "class cache: " + (cache == null ? "none (not started by bin/berth)" : cache)};
  }
}
