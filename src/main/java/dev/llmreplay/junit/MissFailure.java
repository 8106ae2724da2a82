package dev.llmreplay.junit;

import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.fixture.FixtureStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The failure of a test that sent requests with no recorded response: each miss report once, with a
 * note when the same request is recorded in a directory the test does not search (a sibling
 * test's), and the test's own failure as its cause — reduced to one line per link when that chain
 * would print the report again (an SDK's exception wrapping ours, or quoting a 404 body): a report
 * printed three times buries the failure.
 */
final class MissFailure {
  /** How much of a cause's message is shown: its first line, at most this long. */
  private static final int CAUSE_MESSAGE_LIMIT = 200;

  private MissFailure() {}

  /** The failure for misses found after the test ended (no failure of its own). */
  static String message(Session session, List<FixtureNotFoundException> misses) {
    int n = misses.size();
    String head =
        "llm-replay: "
            + session.scope.id()
            + " sent "
            + (n == 1 ? "a request that has" : n + " requests that have")
            + " no recorded response (mode "
            + session.settings.replay.mode().id()
            + ")";
    FixtureStore all = wholeRoot(session); // indexed once for all the misses
    List<String> reports = new ArrayList<>();
    for (FixtureNotFoundException miss : misses) {
      reports.add(
          miss.getMessage()
              + recordedElsewhere(session, all, miss).map(s -> "\n\n" + s).orElse(""));
    }
    return head + ":\n\n" + String.join("\n\n", reports);
  }

  /** The failure for misses in a test that then failed with {@code failure}. */
  static AssertionError afterFailure(
      Session session, List<FixtureNotFoundException> misses, Throwable failure) {
    AssertionError error =
        new AssertionError(
            message(session, misses)
                + "\n\nThe test then failed with: "
                + brief(failure, firstLines(misses)));
    error.initCause(
        repeatsAReport(failure, misses) ? Brief.of(failure, firstLines(misses)) : failure);
    return error;
  }

  /**
   * The exception a test that threw the miss itself fails with: the same, with the note on where
   * else the request is recorded when there is one.
   */
  static FixtureNotFoundException thrown(Session session, FixtureNotFoundException miss) {
    Optional<String> elsewhere = recordedElsewhere(session, wholeRoot(session), miss);
    if (elsewhere.isEmpty()) return miss;
    FixtureNotFoundException noted =
        new FixtureNotFoundException(miss.key(), miss.getMessage() + "\n\n" + elsewhere.get());
    noted.setStackTrace(miss.getStackTrace());
    return noted;
  }

  private static List<String> firstLines(List<FixtureNotFoundException> misses) {
    List<String> out = new ArrayList<>();
    for (FixtureNotFoundException miss : misses) {
      miss.getMessage().lines().findFirst().filter(s -> !s.isEmpty()).ifPresent(out::add);
    }
    return out;
  }

  /** Whether printing {@code failure}'s cause chain would print a miss report again. */
  private static boolean repeatsAReport(Throwable failure, List<FixtureNotFoundException> misses) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth++ < 64; t = t.getCause()) {
      if (t instanceof FixtureNotFoundException) return true;
      String m = t.getMessage();
      if (m == null) continue;
      for (FixtureNotFoundException miss : misses) {
        String firstLine = miss.getMessage().lines().findFirst().orElse("");
        if (!firstLine.isEmpty() && m.contains(firstLine)) return true;
      }
    }
    return false;
  }

  /**
   * Where else under the root the missed request is recorded, for a test that looks only in its own
   * directory and the ones above it.
   */
  private static Optional<String> recordedElsewhere(
      Session session, FixtureStore all, FixtureNotFoundException miss) {
    if (miss.key() == null) return Optional.empty();
    Path root = session.settings.replay.recordings();
    Optional<FixtureStore.Entry> hit = all.find(miss.key());
    if (hit.isEmpty()) return Optional.empty();
    List<Path> files = new ArrayList<>();
    files.add(hit.get().file());
    for (List<Path> pair : all.duplicates()) {
      if (pair.get(0).equals(hit.get().file())) files.add(pair.get(1));
    }
    List<String> where =
        files.stream()
            .map(f -> relative(root, f.getParent()) + " (" + relative(root, f) + ")")
            .collect(Collectors.toList());
    Path shared = commonAncestor(session.dir, files.get(0).getParent());
    return Optional.of(
        "The same request is recorded for "
            + String.join(", ", where)
            + ", which this test does not search: it reads "
            + relative(root, session.dir)
            + " and the directories above it, top level only. Copy the fixture into "
            + relative(root, session.dir)
            + ", or move it up to "
            + relative(root, shared)
            + " to share it between the tests.");
  }

  /** Every fixture under the root, keyed as the test keys its requests (read on first lookup). */
  private static FixtureStore wholeRoot(Session session) {
    return FixtureStore.open(
        session.settings.replay.recordings(),
        Access.bridge().keys(session.keyRules()),
        Access.bridge().scanner(session.settings.replay.scanner()));
  }

  private static String relative(Path root, Path p) {
    Path r = root.relativize(p);
    return r.toString().isEmpty() ? root.getFileName() + "/ (the root)" : r.toString();
  }

  private static Path commonAncestor(Path a, Path b) {
    Path p = a;
    while (p != null && !b.startsWith(p)) p = p.getParent();
    return p == null ? a.getRoot() : p;
  }

  private static String brief(Throwable t, List<String> reportFirstLines) {
    String m = t.getMessage();
    if (m == null) return t.getClass().getName();
    if (t instanceof FixtureNotFoundException || reportFirstLines.stream().anyMatch(m::contains)) {
      return t.getClass().getName() + ": (the llm-replay miss report above)";
    }
    int nl = m.indexOf('\n');
    String first = nl < 0 ? m : m.substring(0, nl) + " …";
    if (first.length() > CAUSE_MESSAGE_LIMIT)
      first = first.substring(0, CAUSE_MESSAGE_LIMIT) + " …";
    return t.getClass().getName() + ": " + first;
  }

  /**
   * A stand-in for one link of the test's cause chain: its class and the first line of its message,
   * with its stack trace. The originals would print the miss report again (as their own message or
   * their cause's).
   */
  static final class Brief extends Throwable {
    private static final long serialVersionUID = 1L;

    private Brief(Throwable original, List<String> reportFirstLines) {
      super(brief(original, reportFirstLines));
      setStackTrace(original.getStackTrace());
    }

    static Throwable of(Throwable original, List<String> reportFirstLines) {
      Brief top = new Brief(original, reportFirstLines);
      Brief last = top;
      int depth = 0;
      for (Throwable t = original.getCause(); t != null && depth++ < 64; t = t.getCause()) {
        Brief next = new Brief(t, reportFirstLines);
        last.initCause(next);
        last = next;
      }
      return top;
    }

    @Override
    public String toString() {
      // The message already starts with the original's class name.
      return getMessage();
    }
  }
}
