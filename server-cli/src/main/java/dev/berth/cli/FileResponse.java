package dev.berth.cli;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.MimeMapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The response for one regular file: validators (a strong ETag from modification time and
 * size, as nginx makes it, and Last-Modified), 304 when the client's copy is current, one
 * byte range with 206 or 416, HEAD with the same headers as GET, and the body: a small
 * file's from {@link SmallFiles} or one read, a larger one's by sendfile(2) through Vert.x.
 */
final class FileResponse {

  private FileResponse() {}

  static void send(HttpServerRequest request, Path file, BasicFileAttributes attributes, String name) {
    HttpServerResponse response = request.response();
    long size = attributes.size();
    long modified = attributes.lastModifiedTime().toMillis();
    SmallFiles.Entry kept = size <= SmallFiles.MAX_FILE ? SmallFiles.current(file, attributes) : null;
    String etag = kept != null ? kept.etag() : "\"" + Long.toHexString(modified / 1000) + "-" + Long.toHexString(size) + "\"";
    String lastModified = kept != null ? kept.lastModified() : HttpDates.format(modified);
    response.putHeader(HttpHeaders.DATE, HttpDates.now())
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.LAST_MODIFIED, lastModified)
        .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    if (notModified(request, etag, modified / 1000)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, contentType(name));
    ByteRange range = request.method() == HttpMethod.GET && ifRangeHolds(request, etag, modified / 1000)
        ? ByteRange.parse(request.getHeader("Range"), size) : null;
    if (range == ByteRange.UNSATISFIABLE) {
      response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
      plain(request, 416, "range not satisfiable: the file has " + size + " bytes\n");
      return;
    }
    long offset = 0;
    long length = size;
    if (range != null) {
      offset = range.first();
      length = range.length();
      response.setStatusCode(206)
          .putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + size);
    }
    response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    if (request.method() == HttpMethod.HEAD) {
      response.end();
      return;
    }
    if (kept != null && range == null) {
      response.end(kept.body());
      return;
    }
    if (length <= SmallFiles.MAX_FILE) {
      // One read and one write with the headers: for a small file, cheaper than sendfile(2),
      // which costs an open, a separate header write and a file region per response.
      Buffer body;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        ByteBuffer bytes = ByteBuffer.allocate((int) length);
        while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) > 0) {
          // read until the range is complete or the file ends early (it shrank meanwhile)
        }
        if (bytes.hasRemaining()) {
          throw new IOException("the file shrank while being read");
        }
        body = Buffer.buffer(bytes.array());
      } catch (IOException e) {
        response.headers().remove(HttpHeaders.CONTENT_RANGE).remove(HttpHeaders.CONTENT_LENGTH);
        plain(request, 500, "cannot read the file\n");
        return;
      }
      if (range == null) {
        SmallFiles.keep(file, new SmallFiles.Entry(attributes.fileKey(), size, attributes.lastModifiedTime(), body, etag,
            lastModified));
      }
      response.end(body);
      return;
    }
    response.sendFile(file.toString(), offset, length).onFailure(e -> {
      // Headers may be gone already; the only honest signal left is a cut connection.
      if (!response.headWritten()) {
        response.headers().remove(HttpHeaders.CONTENT_RANGE).remove(HttpHeaders.CONTENT_LENGTH);
        plain(request, 500, "cannot read the file\n");
      } else {
        response.reset();
      }
    });
  }

  /** A short text/plain answer (errors, redirects); HEAD gets the headers only. */
  static void plain(HttpServerRequest request, int status, String body) {
    HttpServerResponse response = request.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
    if (request.method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
      response.end();
    } else {
      response.end(body);
    }
  }

  static String contentType(String name) {
    String type = MimeMapping.mimeTypeForFilename(name);
    if (type == null) {
      return "application/octet-stream";
    }
    boolean textual = type.startsWith("text/") || type.equals("application/javascript") || type.equals("application/json")
        || type.endsWith("+xml") || type.equals("application/xml");
    return textual ? type + "; charset=utf-8" : type;
  }

  /** RFC 9110 13.2.2: If-None-Match decides when present; else If-Modified-Since. */
  private static boolean notModified(HttpServerRequest request, String etag, long modifiedSeconds) {
    String noneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    if (noneMatch != null) {
      return matchesAny(noneMatch, etag);
    }
    long since = HttpDates.parseSeconds(request.getHeader(HttpHeaders.IF_MODIFIED_SINCE));
    return since >= 0 && modifiedSeconds <= since;
  }

  /** Weak comparison, as If-None-Match uses: W/ prefixes are ignored; * matches any. */
  private static boolean matchesAny(String header, String etag) {
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** If-Range: the range applies only to the representation the client has. */
  private static boolean ifRangeHolds(HttpServerRequest request, String etag, long modifiedSeconds) {
    String ifRange = request.getHeader("If-Range");
    if (ifRange == null) {
      return true;
    }
    String t = ifRange.trim();
    if (t.startsWith("\"")) {
      return t.equals(etag);
    }
    return HttpDates.parseSeconds(t) == modifiedSeconds;
  }
}
