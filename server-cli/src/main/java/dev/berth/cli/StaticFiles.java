package dev.berth.cli;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code berth serve --static DIR}: answers GET and HEAD from the files under one directory,
 * and never from anywhere else. The raw path is checked by {@link StaticPath}; the file it
 * names is then resolved to its real path, and a real path outside the root's real path (a
 * symlink leading out) is a 404 unless {@code --static-follow-symlinks}. What is sent is the
 * resolved real path, not the name asked for.
 *
 * <p>Written on vertx-core rather than vertx-web's StaticHandler, which (5.0.7) follows
 * symlinks out of its root, sends no ETag, sends no Content-Type on HEAD, and by default
 * caches file properties as "immutable" for a day, so an edited file keeps its old length
 * and date. The look-ups here are a few stat(2) calls on the event loop, like StaticHandler's
 * default synchronous mode.
 */
final class StaticFiles implements Handler<HttpServerRequest> {

  static final String INDEX = "index.html";

  private final Path root;
  private final boolean listing;
  private final boolean followSymlinks;

  /** @param root the directory's real path (as {@link StaticDirectoryCheck} returns it) */
  StaticFiles(Path root, boolean listing, boolean followSymlinks) {
    this.root = root;
    this.listing = listing;
    this.followSymlinks = followSymlinks;
  }

  /** Whether this handler answers the request's method at all (the rest is for an application). */
  static boolean serves(HttpServerRequest request) {
    return request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (!serves(request)) {
      request.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      FileResponse.plain(request, 405, "method not allowed: only GET and HEAD\n");
      return;
    }
    StaticPath.Result parsed = StaticPath.parse(request.path());
    if (parsed instanceof StaticPath.Bad bad) {
      FileResponse.plain(request, 400, "bad path: " + bad.why() + "\n");
      return;
    }
    if (!(parsed instanceof StaticPath.Names names)) {
      notFound(request);
      return;
    }
    Path asked = root;
    for (String segment : names.segments()) {
      asked = asked.resolve(segment);
    }
    Found found = find(asked);
    if (found == null) {
      notFound(request);
    } else if (found.attributes().isDirectory()) {
      directory(request, found, names.trailingSlash());
    } else if (found.attributes().isRegularFile() && !names.trailingSlash()) {
      file(request, found, asked.getFileName() == null ? "" : asked.getFileName().toString());
    } else {
      // A FIFO, socket or device is never opened: reading one could block or never end.
      notFound(request);
    }
  }

  private void directory(HttpServerRequest request, Found dir, boolean trailingSlash) {
    if (!trailingSlash) {
      // Relative links in the page resolve against the directory only with the slash.
      String query = request.query();
      request.response().putHeader(HttpHeaders.LOCATION, request.path() + "/" + (query == null ? "" : "?" + query));
      FileResponse.plain(request, 301, "moved to " + request.path() + "/\n");
      return;
    }
    Found index = find(dir.real().resolve(INDEX));
    if (index != null && index.attributes().isRegularFile()) {
      file(request, index, INDEX);
    } else if (listing) {
      DirectoryListing.send(request, dir.real(), followSymlinks ? null : root);
    } else {
      FileResponse.plain(request, 403, "no " + INDEX + " here, and directory listing is off (--static-listing)\n");
    }
  }

  private static void file(HttpServerRequest request, Found file, String name) {
    if (!Files.isReadable(file.real())) {
      FileResponse.plain(request, 403, "forbidden\n");
      return;
    }
    FileResponse.send(request, file.real(), file.attributes(), name);
  }

  private static void notFound(HttpServerRequest request) {
    FileResponse.plain(request, 404, "not found\n");
  }

  private record Found(Path real, BasicFileAttributes attributes) {}

  /** The real file behind a name under the root, or null when it is missing or not to be served. */
  private Found find(Path asked) {
    try {
      Path real = asked.toRealPath();
      if (real.startsWith(root)) {
        // A link inside the tree to a hidden name hides it as much as the name itself.
        for (Path name : root.relativize(real)) {
          if (name.toString().startsWith(".")) {
            return null;
          }
        }
      } else if (!followSymlinks) {
        return null;
      }
      return new Found(real, Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
