package dev.berth.cli;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The page {@code --static-listing} shows for a directory without index.html: one link per
 * entry, sorted, hidden names left out, and (unless symlinks may lead out) entries whose
 * real path is outside the root left out too, since those would only 404.
 */
final class DirectoryListing {

  private DirectoryListing() {}

  /** @param root the root entries must stay in, or null when any target may be listed */
  static void send(HttpServerRequest request, Path dir, Path root) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        Path real;
        try {
          real = entry.toRealPath();
        } catch (IOException e) {
          continue;
        }
        if (root != null && !real.startsWith(root)) {
          continue;
        }
        names.add(Files.isDirectory(real) ? name + "/" : name);
      }
    } catch (IOException e) {
      FileResponse.plain(request, 403, "cannot list this directory\n");
      return;
    }
    names.sort(null);
    String title = escape(request.path());
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(title).append("</title></head>\n<body><h1>").append(title).append("</h1>\n<ul>\n");
    for (String name : names) {
      String href = URLEncoder.encode(name.endsWith("/") ? name.substring(0, name.length() - 1) : name, StandardCharsets.UTF_8)
          .replace("+", "%20") + (name.endsWith("/") ? "/" : "");
      html.append("<li><a href=\"").append(href).append("\">").append(escape(name)).append("</a></li>\n");
    }
    html.append("</ul></body></html>\n");
    byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
    request.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
    if (request.method() == HttpMethod.HEAD) {
      request.response().end();
    } else {
      request.response().end(io.vertx.core.buffer.Buffer.buffer(body));
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
