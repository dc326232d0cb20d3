package dev.berth.cli.audit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audited server's command line with its {@link Placeholder}s, checked once before any
 * scenario runs (so a typo is one usage line, not a table of failures) and filled per scenario.
 * An IPv6 {@code {host}} followed by {@code :} is written in brackets ({@code {host}:{port}}
 * becomes {@code [::1]:8080}); alone it stays bare ({@code -b {host}} becomes {@code -b ::1}).
 */
final class CommandTemplate {
  /** {@code {word}} not preceded by {@code $}, so a shell's {@code ${x}} is left alone. */
  private static final Pattern TOKEN = Pattern.compile("(?<!\\$)\\{([a-z][a-z0-9]*)\\}");

  private final List<String> words;
  private final Set<Placeholder> used;

  private CommandTemplate(List<String> words, Set<Placeholder> used) {
    this.words = List.copyOf(words);
    this.used = used;
  }

  /**
   * Checks {@code words}; throws {@link IllegalArgumentException} with the one line to show
   * when the command is empty, names an unknown placeholder, or says nowhere to listen: it
   * needs {@code {host}} and {@code {port}} (or {@code {url}}, which stands for both), or at
   * least {@code {unix}} for a server that listens on a unix socket only (its TCP scenarios are
   * then n/a).
   */
  static CommandTemplate parse(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("no command to audit: give it after '--', e.g. berth audit -- my-server --port {port} --host {host}");
    }
    CommandTemplate t = placeholders(words);
    if (!t.usesTcp() && (t.uses(Placeholder.HOST) || t.uses(Placeholder.PORT))) {
      throw new IllegalArgumentException("the command uses " + (t.uses(Placeholder.HOST) ? "{host} but not {port}" : "{port} but not {host}")
          + ": give both, e.g. --bind {host}:{port}");
    }
    if (!t.usesTcp() && !t.uses(Placeholder.UNIX)) {
      throw new IllegalArgumentException("the command never says where to listen: use {host} and {port} (or {url})"
          + " where it takes its address, e.g. --bind {host}:{port}");
    }
    return t;
  }

  /**
   * A socket-activation command: it serves the socket it inherits, so it need not say where to
   * listen; {@code {host}} and {@code {port}}, if used, are the inherited socket's.
   */
  static CommandTemplate parseActivated(List<String> words) {
    return placeholders(words);
  }

  private static CommandTemplate placeholders(List<String> words) {
    Set<Placeholder> used = EnumSet.noneOf(Placeholder.class);
    for (String word : words) {
      Matcher m = TOKEN.matcher(word);
      while (m.find()) {
        Placeholder p = Placeholder.named(m.group(1)).orElseThrow(() -> new IllegalArgumentException(
            "unknown placeholder {" + m.group(1) + "} in '" + word + "'; use {host} {port} {port2} {unix} {cert} {key} {url}"));
        used.add(p);
      }
    }
    if (used.contains(Placeholder.CERT) != used.contains(Placeholder.KEY)) {
      throw new IllegalArgumentException("the command uses " + (used.contains(Placeholder.CERT) ? "{cert} but not {key}" : "{key} but not {cert}")
          + ": a TLS server takes both");
    }
    return new CommandTemplate(words, used);
  }

  boolean uses(Placeholder p) {
    return used.contains(p);
  }

  /** True when the command takes a TCP address: {@code {host}} and {@code {port}}, or {@code {url}}. */
  boolean usesTcp() {
    return used.contains(Placeholder.URL) || used.contains(Placeholder.HOST) && used.contains(Placeholder.PORT);
  }

  /** True when the command takes TLS material: readiness is then an HTTPS answer. */
  boolean isTls() {
    return used.contains(Placeholder.CERT);
  }

  /** The command line with every placeholder replaced; {@code values} must hold each one used. */
  List<String> fill(Map<Placeholder, String> values) {
    Map<Placeholder, String> all = new EnumMap<>(values);
    if (values.containsKey(Placeholder.HOST) && values.containsKey(Placeholder.PORT)) {
      all.putIfAbsent(Placeholder.URL, (isTls() ? "https://" : "http://") + bracketed(values.get(Placeholder.HOST))
          + ":" + values.get(Placeholder.PORT));
    }
    List<String> out = new ArrayList<>(words.size());
    for (String word : words) {
      Matcher m = TOKEN.matcher(word);
      StringBuilder s = new StringBuilder();
      while (m.find()) {
        Placeholder p = Placeholder.named(m.group(1)).orElseThrow();
        String value = all.get(p);
        if (value == null) {
          throw new IllegalStateException("no value for " + p.token());
        }
        boolean colonFollows = m.end() < word.length() && word.charAt(m.end()) == ':';
        m.appendReplacement(s, Matcher.quoteReplacement(p == Placeholder.HOST && colonFollows ? bracketed(value) : value));
      }
      m.appendTail(s);
      out.add(s.toString());
    }
    return out;
  }

  static String bracketed(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  List<String> words() {
    return words;
  }

  @Override
  public String toString() {
    return String.join(" ", words);
  }
}
