package dev.llmreplay.internal.refresh;

import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a fixture refresh did, for a reviewer: fixtures added, changed (with a semantic summary, see
 * {@link FixtureChange}), removed, failed and skipped, and how many stayed the same. Rendered as
 * Markdown by {@link ChangeReportMarkdown}, small enough for a pull request body.
 *
 * <p>A fixture re-recorded with only volatile differences (ids, timestamps, fingerprints, timing,
 * request-id headers) counts as unchanged and is not named. Immutable.
 */
public final class ChangeReport {
  private static final int MAX_EXCERPT_CHARS = 80;

  private final String title;
  private final boolean dryRun;
  private final Map<String, String> added;
  private final Map<String, String> removed;
  private final List<FixtureChange> changed;
  private final int unchanged;
  private final Map<String, String> failed;
  private final Map<String, String> skipped;

  private ChangeReport(Builder b) {
    this.title = b.title;
    this.dryRun = b.dryRun;
    this.added = Collections.unmodifiableMap(new TreeMap<>(b.added));
    this.removed = Collections.unmodifiableMap(new TreeMap<>(b.removed));
    List<FixtureChange> c = new ArrayList<>(b.changed);
    c.sort(Comparator.comparing(FixtureChange::path));
    this.changed = List.copyOf(c);
    this.unchanged = b.unchanged;
    this.failed = Collections.unmodifiableMap(new TreeMap<>(b.failed));
    this.skipped = Collections.unmodifiableMap(new TreeMap<>(b.skipped));
  }

  /** A builder for reports assembled fixture by fixture (as {@link Refresher} does). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Compares two fixture directories (searched recursively, files paired by relative path).
   *
   * @param before the fixtures as they were (may be missing: everything is then added)
   * @param after the fixtures as they are now
   * @param label prefixed to the relative paths in the report (e.g. {@code recordings}); may be
   *     empty
   */
  public static ChangeReport compare(Path before, Path after, String label) throws IOException {
    Builder b = builder();
    TreeSet<String> beforeFiles = jsonFiles(before);
    TreeSet<String> afterFiles = jsonFiles(after);
    TreeSet<String> all = new TreeSet<>(beforeFiles);
    all.addAll(afterFiles);
    for (String rel : all) {
      String name = label.isEmpty() ? rel : label + "/" + rel;
      Path a = before.resolve(rel);
      Path z = after.resolve(rel);
      if (!afterFiles.contains(rel)) {
        b.removed(name, readOrNull(a));
      } else if (!beforeFiles.contains(rel)) {
        Fixture f = readOrNull(z);
        if (f == null) {
          b.failed(name, "cannot read the new fixture");
        } else {
          b.added(name, f);
        }
      } else if (Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(z))) {
        b.unchanged();
      } else {
        Fixture fa = readOrNull(a);
        Fixture fz = readOrNull(z);
        if (fz == null) {
          b.failed(name, "cannot read the new fixture");
        } else if (fa == null) {
          b.added(name, fz);
        } else {
          b.compared(FixtureChange.between(name, fa, fz));
        }
      }
    }
    return b.build();
  }

  private static Fixture readOrNull(Path file) {
    try {
      return FixtureCodec.read(file);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static TreeSet<String> jsonFiles(Path dir) {
    TreeSet<String> out = new TreeSet<>();
    for (Path p : FixtureStore.fixtureFiles(dir)) {
      out.add(dir.relativize(p).toString().replace('\\', '/'));
    }
    return out;
  }

  /** Added fixtures: name to a description of the request. */
  public Map<String, String> added() {
    return added;
  }

  /** Removed fixtures: name to a description of the request. */
  public Map<String, String> removed() {
    return removed;
  }

  /** Fixtures whose response changed in substance, by name. */
  public List<FixtureChange> changed() {
    return changed;
  }

  /** Fixtures compared and found the same (volatile differences aside). */
  public int unchanged() {
    return unchanged;
  }

  /** Fixtures that could not be refreshed or read: name to reason. */
  public Map<String, String> failed() {
    return failed;
  }

  /** Fixtures deliberately left alone: name to reason. */
  public Map<String, String> skipped() {
    return skipped;
  }

  /** Whether nothing was added, changed or removed, and nothing failed. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && failed.isEmpty();
  }

  /** One line: the counts, e.g. {@code 1 added, 2 changed, 1 removed, 5 unchanged.} */
  public String summary() {
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) parts.add(added.size() + " added");
    if (!changed.isEmpty()) parts.add(changed.size() + (dryRun ? " would change" : " changed"));
    if (!removed.isEmpty()) parts.add(removed.size() + " removed");
    if (!failed.isEmpty()) parts.add(failed.size() + " failed");
    if (!skipped.isEmpty()) parts.add(skipped.size() + " skipped");
    if (unchanged > 0) parts.add(unchanged + " unchanged");
    if (parts.isEmpty()) return "No fixtures.";
    return String.join(", ", parts) + ".";
  }

  /** The report as GitHub-flavoured Markdown (at most about 60,000 characters). */
  public String toMarkdown() {
    return ChangeReportMarkdown.render(this);
  }

  /** Whether nothing was written (the report says what would change). */
  boolean dryRun() {
    return dryRun;
  }

  /** The report's heading. */
  String title() {
    return title;
  }

  /** A fixture's request and the start of its text, for the added and removed lists. */
  static String describe(Fixture f) {
    RecordedRequest r = f.request();
    String d = FixtureChange.describe(r);
    String text = AssembledResponse.of(f.responses().get(0)).text();
    if (text.isEmpty()) return d;
    return d
        + ", text "
        + ChangeReportMarkdown.code(ChangeReportMarkdown.truncate(text, MAX_EXCERPT_CHARS));
  }

  @Override
  public String toString() {
    return summary();
  }

  /** Builds a {@link ChangeReport}. */
  public static final class Builder {
    private String title = "llm-replay fixture report";
    private boolean dryRun;
    private final Map<String, String> added = new LinkedHashMap<>();
    private final Map<String, String> removed = new LinkedHashMap<>();
    private final List<FixtureChange> changed = new ArrayList<>();
    private int unchanged;
    private final Map<String, String> failed = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    private Builder() {}

    /** The report's heading. */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /** Whether nothing was written (the report then says what would change). */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** A fixture that is new. */
    public Builder added(String name, Fixture fixture) {
      added.put(name, describe(fixture));
      return this;
    }

    /** A fixture that is gone; {@code fixture} may be null when it could not be read. */
    public Builder removed(String name, Fixture fixture) {
      removed.put(
          name, fixture == null ? "unreadable fixture" : FixtureChange.describe(fixture.request()));
      return this;
    }

    /** A fixture compared with its earlier version: counted as changed or unchanged. */
    public Builder compared(FixtureChange change) {
      if (change.isChanged()) {
        changed.add(change);
      } else {
        unchanged++;
      }
      return this;
    }

    /** A fixture found identical without comparing further. */
    public Builder unchanged() {
      unchanged++;
      return this;
    }

    /** A fixture that could not be refreshed or read (one line, no secrets). */
    public Builder failed(String name, String reason) {
      failed.put(name, reason);
      return this;
    }

    /** A fixture deliberately left alone. */
    public Builder skipped(String name, String reason) {
      skipped.put(name, reason);
      return this;
    }

    public ChangeReport build() {
      return new ChangeReport(this);
    }
  }
}
