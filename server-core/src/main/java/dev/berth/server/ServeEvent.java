package dev.berth.server;

import dev.berth.server.internal.lifecycle.Lines;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One step of {@link BerthServer#serveUntilStopped}, as its {@link ServeOutput} is told it: the
 * line and its level, and the value the line is about (where it listens, why a bind failed, the
 * overload counts, the status it ends with), so that structured logs take their fields from the
 * values instead of parsing the words. A value made by Berth only: fields may be added, none removed.
 */
public final class ServeEvent {

  /** What the line says; each names the accessors that are present for it. */
  public enum Kind {
    /** Where one endpoint listens: {@link #bound()}. */
    LISTENING,
    /** What a TLS endpoint presents: {@link #certificate()}. */
    CERTIFICATE,
    /** Something to act on about a certificate (expires soon, key readable by others): {@link #certificate()}. */
    CERTIFICATE_WARNING,
    /** One endpoint could not be bound: {@link #failed()}, {@link #exitCode()} (the whole start's). */
    BIND_FAILED,
    /** The start failed otherwise (the application, endpoints that overlap once resolved): {@link #exitCode()}, {@link #cause()}. */
    START_FAILED,
    /** An overload line (connection cap, accept failing, slow clients shed): {@link #overload()}. */
    OVERLOAD,
    /** SIGHUP reloaded the TLS material: {@link #certificate()}. */
    TLS_RELOADED,
    /** SIGHUP found the new TLS material unusable; the previous one is still served: {@link #tlsProblem()}. */
    TLS_RELOAD_REFUSED,
    /** A stop signal: draining begins, or will once binding ends. */
    STOPPING,
    /** Serving ended cleanly: {@link #exitCode()} 0. */
    STOPPED,
    /** Stopping failed or took too long: {@link #exitCode()}, {@link #cause()} when there is one. */
    STOP_FAILED,
    /** A second stop signal: exiting without draining, {@link #exitCode()} 128 + N. */
    FORCED_EXIT,
    /** Anything else worth a line (a signal that cannot be handled, SIGHUP before serving). */
    NOTE
  }

  private final Kind kind;
  private final Level level;
  private final String oneLine;
  private final Object about;
  private final Integer exitCode;
  private final Throwable cause;

  ServeEvent(Kind kind, Level level, String oneLine, Object about, Integer exitCode, Throwable cause) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.level = Objects.requireNonNull(level, "level");
    this.oneLine = Lines.oneLine(oneLine);
    this.about = about;
    this.exitCode = exitCode;
    this.cause = cause;
  }

  /**
   * What the line says.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * How much it matters: {@code INFO}, {@code WARNING} (act on it; serving goes on) or {@code ERROR}.
   *
   * @return the level
   */
  public Level level() {
    return level;
  }

  /**
   * The line for a human, without line breaks.
   *
   * @return e.g. {@code listening on http://127.0.0.1:8080}
   */
  public String oneLine() {
    return oneLine;
  }

  /**
   * The endpoint a {@link Kind#LISTENING} line is about.
   *
   * @return the bound endpoint, or empty for other kinds
   */
  public Optional<BindOutcome.Bound> bound() {
    return about instanceof BindOutcome.Bound b ? Optional.of(b) : Optional.empty();
  }

  /**
   * The endpoint a {@link Kind#BIND_FAILED} line is about.
   *
   * @return the failed endpoint, or empty for other kinds
   */
  public Optional<BindOutcome.Failed> failed() {
    return about instanceof BindOutcome.Failed f ? Optional.of(f) : Optional.empty();
  }

  /**
   * The certificate a {@link Kind#CERTIFICATE}, {@link Kind#CERTIFICATE_WARNING} or {@link Kind#TLS_RELOADED} line is about.
   *
   * @return the facts, or empty for other kinds
   */
  public Optional<CertificateFacts> certificate() {
    return about instanceof CertificateFacts c ? Optional.of(c) : Optional.empty();
  }

  /**
   * The counts behind an {@link Kind#OVERLOAD} line.
   *
   * @return the notice, or empty for other kinds
   */
  public Optional<OverloadNotice> overload() {
    return about instanceof OverloadNotice n ? Optional.of(n) : Optional.empty();
  }

  /**
   * What is wrong with the new material of a {@link Kind#TLS_RELOAD_REFUSED} line.
   *
   * @return the problem, or empty for other kinds
   */
  public Optional<TlsMaterialException> tlsProblem() {
    return about instanceof TlsMaterialException t ? Optional.of(t) : Optional.empty();
  }

  /**
   * The status serving ends with, for the kinds that decide it.
   *
   * @return the status, or empty when this line decides none
   */
  public OptionalInt exitCode() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }

  /**
   * The exception behind a failure; print its stack trace only when the user asked.
   *
   * @return the exception, or empty
   */
  public Optional<Throwable> cause() {
    return Optional.ofNullable(cause);
  }

  /** The same as {@link #oneLine()}. */
  @Override
  public String toString() {
    return oneLine;
  }
}
