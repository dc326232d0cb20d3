package dev.berth.cli;

import dev.berth.server.BerthApplication;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of {@code serve --static} (and of {@code check}, which checks the directory the same way). */
final class StaticFilesOptions {

  @Option(names = "--static", paramLabel = "DIR",
      description = "Serve the files under DIR for GET and HEAD (index.html for a directory); never anything"
          + " outside it. With --app, the application's routes come first and files are the fallback.")
  Path directory;

  @Option(names = "--static-listing",
      description = "List a directory that has no index.html (default: 403). Hidden names are never listed.")
  boolean listing;

  @Option(names = "--static-follow-symlinks",
      description = "Follow symlinks that lead out of DIR (default: such a file is a 404; links inside DIR always work).")
  boolean followSymlinks;

  private Path root;

  /** Checks the directory before anything binds: missing or not a directory 78, unreadable 77. */
  void check() {
    if (directory != null) {
      root = StaticDirectoryCheck.check(directory);
    }
  }

  /**
   * The application to serve: unchanged without --static; the files alone when no --app was
   * given; else the application with the files as its fallback.
   */
  BerthApplication around(BerthApplication application, boolean appGiven) {
    if (directory == null) {
      return application;
    }
    if (root == null) {
      check();
    }
    StaticFiles files = new StaticFiles(root, listing, followSymlinks);
    return appGiven ? new StaticFallbackApplication(application, files) : BerthApplication.of(files);
  }
}
