package dev.llmreplay.internal.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads fault specs. Every error names the 1-based column where the problem starts and lists what
 * would have been valid, so a typo in an annotation or a {@code -D} flag is fixed at a glance.
 */
final class FaultSpecParser {
  static final String ACTIONS =
      "status=CODE[,retry-after=SECONDS], cut-after=N, eof-after=N,"
          + " error-event-after=N[,status=CODE], stall-after=N:DURATION, delay=DURATION";
  static final String SCOPES =
      "@first=K, @call=K, @every=K, @rate=P:SEED, @path=PREFIX (none: every call)";

  private final String spec;

  private FaultSpecParser(String spec) {
    this.spec = spec;
  }

  static FaultSpec parse(String spec) {
    if (spec == null) throw new IllegalArgumentException("fault spec is null; use \"none\"");
    String t = spec.strip();
    if (t.isEmpty() || t.equals("none")) return FaultSpec.none();
    return new FaultSpecParser(spec).rules();
  }

  private FaultSpec rules() {
    List<FaultRule> rules = new ArrayList<>();
    int start = 0;
    while (start <= spec.length()) {
      int end = spec.indexOf(';', start);
      if (end < 0) end = spec.length();
      Part rule = new Part(start, end).strip();
      if (rule.isEmpty()) {
        // A trailing ";" is harmless; an empty rule between two is a typo.
        if (end < spec.length() && !new Part(end + 1, spec.length()).strip().isEmpty()) {
          throw error(rule.from, "empty rule between ';'");
        }
      } else {
        rules.add(rule(rule));
      }
      start = end + 1;
    }
    return new FaultSpec(rules);
  }

  private FaultRule rule(Part rule) {
    List<Part> pieces = rule.split('@');
    FaultAction action = action(pieces.get(0));
    List<FaultScope> scopes = new ArrayList<>();
    for (Part p : pieces.subList(1, pieces.size())) scopes.add(scope(p));
    return new FaultRule(action, scopes);
  }

  private FaultAction action(Part p) {
    if (p.isEmpty()) throw error(p.from, "a rule starts with an action");
    int eq = p.indexOf('=');
    String name = eq < 0 ? p.text() : p.sub(p.from, eq).text();
    Part value = eq < 0 ? null : p.sub(eq + 1, p.to);
    switch (name) {
      case "status":
        {
          List<Part> parts = need(p, name, value, "CODE").split(',');
          int code = statusCode(parts.get(0));
          Integer retryAfter = null;
          for (Part extra : parts.subList(1, parts.size())) {
            Part v = option(extra, "retry-after", "status=CODE,retry-after=SECONDS");
            retryAfter = number(v, 0, "retry-after seconds");
          }
          return new FaultAction.Status(code, retryAfter);
        }
      case "cut-after":
        return new FaultAction.CutAfter(number(need(p, name, value, "N"), 0, "an event count"));
      case "eof-after":
        return new FaultAction.EofAfter(number(need(p, name, value, "N"), 0, "an event count"));
      case "error-event-after":
        {
          List<Part> parts = need(p, name, value, "N").split(',');
          int n = number(parts.get(0), 0, "an event count");
          Integer status = null;
          for (Part extra : parts.subList(1, parts.size())) {
            status = statusCode(option(extra, "status", "error-event-after=N,status=CODE"));
          }
          return new FaultAction.ErrorEventAfter(n, status);
        }
      case "stall-after":
        {
          Part v = need(p, name, value, "N:DURATION");
          int colon = v.indexOf(':');
          if (colon < 0) throw error(v.to, "stall-after needs N:DURATION, such as 3:30s");
          int n = number(v.sub(v.from, colon), 0, "an event count");
          return new FaultAction.StallAfter(n, duration(v.sub(colon + 1, v.to)));
        }
      case "delay":
        return new FaultAction.Delay(duration(need(p, name, value, "DURATION")));
      default:
        throw error(p.from, "unknown action \"" + name + "\"");
    }
  }

  private FaultScope scope(Part p) {
    if (p.isEmpty()) throw error(p.from, "a scope after '@'");
    int eq = p.indexOf('=');
    String name = eq < 0 ? p.text() : p.sub(p.from, eq).text();
    Part value = eq < 0 ? null : p.sub(eq + 1, p.to);
    switch (name) {
      case "first":
        return new FaultScope.First(number(need(p, "@" + name, value, "K"), 1, "a call count"));
      case "call":
        return new FaultScope.CallNumber(
            number(need(p, "@" + name, value, "K"), 1, "a call number"));
      case "every":
        return new FaultScope.Every(number(need(p, "@" + name, value, "K"), 1, "a call count"));
      case "rate":
        {
          Part v = need(p, "@" + name, value, "P:SEED");
          int colon = v.indexOf(':');
          if (colon < 0) throw error(v.to, "@rate needs P:SEED, such as 0.3:42");
          Part prob = v.sub(v.from, colon);
          double pr;
          try {
            pr = Double.parseDouble(prob.text());
          } catch (NumberFormatException e) {
            pr = Double.NaN;
          }
          if (!(pr >= 0 && pr <= 1) || !prob.text().matches("[0-9.]+")) {
            throw error(
                prob.from, "a probability from 0 to 1, such as 0.3, not \"" + prob.text() + "\"");
          }
          Part seed = v.sub(colon + 1, v.to);
          try {
            return new FaultScope.Rate(pr, Long.parseLong(seed.text()));
          } catch (NumberFormatException e) {
            throw error(seed.from, "a whole-number seed, such as 42, not \"" + seed.text() + "\"");
          }
        }
      case "path":
        {
          Part v = need(p, "@" + name, value, "PREFIX");
          if (!v.text().startsWith("/")) {
            throw error(v.from, "a path prefix starts with '/', such as /v1/messages");
          }
          return new FaultScope.PathPrefix(v.text());
        }
      default:
        throw error(p.from, "unknown scope \"@" + name + "\"");
    }
  }

  private Part need(Part whole, String name, Part value, String what) {
    if (value == null || value.isEmpty()) {
      throw error(value == null ? whole.to : value.from, name + " needs =" + what);
    }
    return value;
  }

  /** The value of {@code name=VALUE}. */
  private Part option(Part p, String name, String form) {
    int eq = p.indexOf('=');
    if (eq < 0 || !p.sub(p.from, eq).text().equals(name) || eq + 1 >= p.to) {
      throw error(p.from, "expected " + name + "=..., as in " + form);
    }
    return p.sub(eq + 1, p.to);
  }

  private int statusCode(Part p) {
    int code = number(p, 0, "an HTTP status");
    if (code < 400 || code > 599) {
      throw error(p.from, "an error status from 400 to 599, not " + code);
    }
    return code;
  }

  private int number(Part p, int min, String what) {
    String s = p.text();
    if (!s.matches("[0-9]{1,9}") || Integer.parseInt(s) < min) {
      throw error(p.from, what + " (a whole number >= " + min + "), not \"" + s + "\"");
    }
    return Integer.parseInt(s);
  }

  private long duration(Part p) {
    long ms = DurationText.parseMillis(p.text());
    if (ms < 0) {
      throw error(p.from, "a duration such as 500ms, 5s or 1m, not \"" + p.text() + "\"");
    }
    return ms;
  }

  private IllegalArgumentException error(int offset, String problem) {
    return new IllegalArgumentException(
        "invalid fault spec \""
            + spec
            + "\" at column "
            + (offset + 1)
            + ": "
            + problem
            + ". Actions: "
            + ACTIONS
            + ". Scopes: "
            + SCOPES
            + ". Rules are separated by ';', e.g. status=429,retry-after=0@first=2;cut-after=5");
  }

  /** A slice {@code [from, to)} of the spec, so that errors know their column. */
  private final class Part {
    final int from;
    final int to;

    Part(int from, int to) {
      this.from = from;
      this.to = to;
    }

    String text() {
      return spec.substring(from, to);
    }

    boolean isEmpty() {
      return from >= to;
    }

    Part strip() {
      int f = from;
      int t = to;
      while (f < t && Character.isWhitespace(spec.charAt(f))) f++;
      while (t > f && Character.isWhitespace(spec.charAt(t - 1))) t--;
      return new Part(f, t);
    }

    Part sub(int f, int t) {
      return new Part(f, t);
    }

    /** Absolute index of the first {@code c}, or -1. */
    int indexOf(char c) {
      int i = spec.indexOf(c, from);
      return i >= 0 && i < to ? i : -1;
    }

    List<Part> split(char c) {
      List<Part> parts = new ArrayList<>();
      int f = from;
      for (int i = from; i < to; i++) {
        if (spec.charAt(i) == c) {
          parts.add(new Part(f, i).strip());
          f = i + 1;
        }
      }
      parts.add(new Part(f, to).strip());
      return parts;
    }
  }
}
