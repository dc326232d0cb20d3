package dev.berth.cli;

import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes and fixed headers of small files kept between requests, so that serving one costs
 * the look-ups {@link StaticFiles} makes anyway and no open, read, close or date formatting
 * (bench/levers.md: a 1 KiB file measured 0.47× nginx's requests/s without it). An entry is
 * used only while the file's inode, size and modification time (from the {@code lstat} of
 * this very request) are the ones it was read with, so an edited or replaced file is read
 * again at once; permissions are still checked per request. Bounded by {@link #BUDGET} bytes:
 * when full it starts over, which keeps it simple and never larger.
 */
final class SmallFiles {

  /** Files up to this size are kept; larger ones go by sendfile(2) and are never read here. */
  static final long MAX_FILE = 64 * 1024;
  static final long BUDGET = 8 * 1024 * 1024;

  /** One file as it was read: the attributes it was read with and what its 200 answer needs. */
  record Entry(Object fileKey, long size, FileTime modified, Buffer body, String etag, String lastModified) {

    boolean current(BasicFileAttributes now) {
      return now.size() == size && now.lastModifiedTime().equals(modified) && Objects.equals(now.fileKey(), fileKey);
    }
  }

  private static final ConcurrentHashMap<Path, Entry> ENTRIES = new ConcurrentHashMap<>();
  private static final AtomicLong BYTES = new AtomicLong();

  private SmallFiles() {}

  /** The kept entry for this file if it is still the file's current content, else null. */
  static Entry current(Path real, BasicFileAttributes attributes) {
    Entry e = ENTRIES.get(real);
    return e != null && e.current(attributes) ? e : null;
  }

  static void keep(Path real, Entry entry) {
    if (entry.fileKey() == null || BYTES.addAndGet(entry.size()) > BUDGET) {
      // No inode to tell a replaced file by (not a POSIX file system), or full: keep nothing more.
      if (entry.fileKey() != null) {
        ENTRIES.clear();
        BYTES.set(0);
      }
      return;
    }
    Entry old = ENTRIES.put(real, entry);
    if (old != null) {
      BYTES.addAndGet(-old.size());
    }
  }
}
