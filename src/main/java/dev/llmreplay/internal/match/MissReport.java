package dev.llmreplay.internal.match;

import dev.llmreplay.RequestKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What llm-replay says when a request has no recorded response: the request and its key, where
 * recordings were looked for, unreadable fixture files, the nearest recorded request with a diff,
 * and how to record the missing response. Plain text, {@code \n} line ends, no trailing newline,
 * the same text for the same inputs.
 *
 * <pre>
 * No recorded response for POST /v1/chat/completions
 *   key         3f9a1c2b…f8 (would be recorded as 3f9a1c2b4d5e.json)
 *   recordings  /abs/path/recordings
 *
 * Nearest recorded request: abc123abc123.json (same method and endpoint, 1 field differs)
 *   changed  /temperature: 0.7 → 0.2
 *
 * --- recorded (abc123abc123.json)
 * +++ this request
 * …
 *
 * To record it, run once with mode record-missing:
 * …
 * </pre>
 */
public final class MissReport {
  /** The default advice on recording, for users of the OkHttp interceptor. */
  public static final String HOW_TO_RECORD_INTERCEPTOR =
      "To record it, run once with mode record-missing:\n"
          + "  -Dllmreplay.mode=record-missing   or   LLM_REPLAY_MODE=record-missing\n"
          + "  or RecordReplayInterceptor.builder().mode(Mode.RECORD_MISSING)";

  private static final int LABEL_WIDTH = 12;

  private final String method;
  private final String path;
  private final String endpoint;
  private final String keyHex;
  private final String recordingsDir;
  private final String testName;
  private final NearMiss nearest;
  private final int fixtureCount;
  private final int directoriesSearched;
  private final List<UnreadableFixture> unreadable;
  private final String howToRecord;
  private final String text;

  private MissReport(Builder b) {
    this.method = Objects.requireNonNull(b.method, "method").toUpperCase(Locale.ROOT);
    this.path = Objects.requireNonNull(b.path, "path");
    this.endpoint = b.endpoint;
    this.keyHex = Objects.requireNonNull(b.keyHex, "keyHex");
    this.recordingsDir = b.recordingsDir;
    this.testName = b.testName;
    this.nearest = b.nearest;
    this.fixtureCount = b.fixtureCount;
    this.directoriesSearched = b.directoriesSearched;
    this.unreadable = List.copyOf(b.unreadable);
    this.howToRecord = b.howToRecord;
    this.text = render();
  }

  /** A new builder; method, path and key are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The nearest recorded request, if any was given. */
  public Optional<NearMiss> nearest() {
    return Optional.ofNullable(nearest);
  }

  /** The fixture files that could not be read. */
  public List<UnreadableFixture> unreadable() {
    return unreadable;
  }

  /** The full message. */
  public String text() {
    return text;
  }

  /** The full message, as {@link #text()}. */
  @Override
  public String toString() {
    return text;
  }

  private String render() {
    List<String> out = new ArrayList<>();
    out.add("No recorded response for " + method + " " + path);
    String fileName = keyHex.length() >= 12 ? keyHex.substring(0, 12) + ".json" : null;
    field(
        out, "key", keyHex + (fileName == null ? "" : " (would be recorded as " + fileName + ")"));
    if (endpoint != null && !endpoint.equals(path)) {
      field(out, "endpoint", endpoint + " (as keyed)");
    }
    if (recordingsDir != null) {
      field(out, "recordings", recordingsDir);
    }
    if (testName != null) {
      field(out, "test", testName);
    }
    renderUnreadable(out, fileName);
    out.add("");
    if (nearest == null) {
      out.add(noCandidate());
    } else {
      renderNearest(out);
    }
    if (howToRecord != null && !howToRecord.isEmpty()) {
      out.add("");
      out.add(howToRecord);
    }
    return String.join("\n", out);
  }

  /**
   * Lists the unreadable fixture files, this request's own file first when it is among them: then
   * the request was recorded, and only the file is broken (a merge conflict, a hand edit).
   */
  private void renderUnreadable(List<String> out, String ownFileName) {
    List<UnreadableFixture> others = new ArrayList<>();
    for (UnreadableFixture u : unreadable) {
      if (ownFileName != null && fileName(u.file()).equals(ownFileName)) {
        out.add("");
        out.add("This request's fixture exists but could not be read:");
        out.add("  " + u);
      } else {
        others.add(u);
      }
    }
    if (others.isEmpty()) {
      return;
    }
    out.add("");
    int n = others.size();
    if (others.size() < unreadable.size()) {
      out.add(
          n == 1
              ? "1 other fixture file could not be read:"
              : n + " other fixture files could not be read:");
    } else {
      out.add(
          n == 1
              ? "1 fixture file could not be read; it may be the recording meant for this request:"
              : n
                  + " fixture files could not be read; one may be the recording meant for this"
                  + " request:");
    }
    for (UnreadableFixture u : others) {
      out.add("  " + u);
    }
  }

  private static String fileName(String path) {
    return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  }

  private String noCandidate() {
    if (fixtureCount < 0) {
      return "No " + method + " request is recorded there.";
    }
    // Say what was searched: with fallbacks, "the recordings directory" is several directories.
    String where =
        directoriesSearched > 1
            ? "the " + directoriesSearched + " directories searched"
            : "the recordings directory";
    if (fixtureCount == 0) {
      String none =
          directoriesSearched > 1
              ? "None of " + where + " holds "
              : "The recordings directory holds no ";
      return unreadable.isEmpty()
          ? none + (directoriesSearched > 1 ? "a fixture." : "fixtures: is it the right directory?")
          : none + (directoriesSearched > 1 ? "a readable fixture." : "readable fixtures.");
    }
    return fixtureCount == 1
        ? "The one fixture in " + where + " is not a " + method + " request."
        : "None of the " + fixtureCount + " fixtures in " + where + " is a " + method + " request.";
  }

  private void renderNearest(List<String> out) {
    Candidate c = nearest.candidate();
    int d = nearest.distance();
    String differ = d == 0 ? "same body" : d == 1 ? "1 field differs" : d + " fields differ";
    if (nearest.sameEndpoint()) {
      out.add(
          "Nearest recorded request: " + c.label() + " (same method and endpoint, " + differ + ")");
    } else {
      String wanted = endpoint != null ? endpoint : path;
      out.add("No recorded " + method + " request has the endpoint " + wanted + ".");
      String where = c.method() + " " + c.endpoint() + ", other endpoint, ";
      out.add("Nearest recorded request: " + c.label() + " (" + where + differ + ")");
    }
    if (d == 0) {
      if (nearest.sameEndpoint()) {
        out.add(
            "Its body matches this request's, yet its key "
                + shortKey(c.keyHex())
                + " is not this request's "
                + shortKey(keyHex)
                + ":");
        out.add(
            "the file may have been renamed or edited by hand, or recorded with other ignored"
                + " fields. Re-record it.");
      } else {
        out.add("Only the endpoint differs.");
      }
      return;
    }
    for (String line : nearest.diff().changeLines(BodyDiff.DEFAULT_MAX_CHANGES)) {
      out.add("  " + line);
    }
    out.add("");
    out.addAll(nearest.diff().unifiedDiff(c.fileName(), BodyDiff.DEFAULT_MAX_DIFF_LINES));
  }

  private static String shortKey(String hex) {
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  private static void field(List<String> out, String label, String value) {
    out.add("  " + label + " ".repeat(Math.max(1, LABEL_WIDTH - label.length())) + value);
  }

  /** Collects the facts of a miss. */
  public static final class Builder {
    private String method;
    private String path;
    private String endpoint;
    private String keyHex;
    private String recordingsDir;
    private String testName;
    private NearMiss nearest;
    private int fixtureCount = -1;
    private int directoriesSearched = 1;
    private final List<UnreadableFixture> unreadable = new ArrayList<>();
    private String howToRecord = HOW_TO_RECORD_INTERCEPTOR;

    private Builder() {}

    /** The request's HTTP method (required). */
    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /** The path as requested, shown in the first line (required). */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** The endpoint as keyed; shown only when it differs from the path. */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The request key's full hex digest (required). */
    public Builder keyHex(String keyHex) {
      this.keyHex = keyHex;
      return this;
    }

    /** Sets method, endpoint and key from a request key, and the path as requested. */
    public Builder request(RequestKey key, String path) {
      return method(key.method()).endpoint(key.endpoint()).keyHex(key.hex()).path(path);
    }

    /** Where fixtures were looked for, as it should be shown. */
    public Builder recordingsDir(String dir) {
      this.recordingsDir = dir;
      return this;
    }

    /** Where fixtures were looked for; shown as an absolute, normalized path. */
    public Builder recordingsDir(Path dir) {
      this.recordingsDir = dir == null ? null : dir.toAbsolutePath().normalize().toString();
      return this;
    }

    /** The test that sent the request, such as {@code SummarizerTest.summarizes()}; optional. */
    public Builder testName(String testName) {
      this.testName = testName;
      return this;
    }

    /** The nearest recorded request, or null when there is none. */
    public Builder nearest(NearMiss nearest) {
      this.nearest = nearest;
      return this;
    }

    /** The nearest recorded request, if any. */
    public Builder nearest(Optional<NearMiss> nearest) {
      return nearest(nearest.orElse(null));
    }

    /** How many readable fixtures the recordings directory holds; -1 (the default) if unknown. */
    public Builder fixtureCount(int fixtureCount) {
      this.fixtureCount = fixtureCount;
      return this;
    }

    /** How many directories were searched (the recordings directory and its fallbacks). */
    public Builder directoriesSearched(int count) {
      this.directoriesSearched = count;
      return this;
    }

    /** Adds a fixture file that could not be read. */
    public Builder addUnreadable(UnreadableFixture file) {
      this.unreadable.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /** Adds fixture files that could not be read. */
    public Builder unreadable(List<UnreadableFixture> files) {
      files.forEach(this::addUnreadable);
      return this;
    }

    /**
     * The advice on how to record, printed last as given; defaults to {@link
     * #HOW_TO_RECORD_INTERCEPTOR}; null or empty leaves it out.
     */
    public Builder howToRecord(String text) {
      this.howToRecord = text;
      return this;
    }

    /** The report. */
    public MissReport build() {
      return new MissReport(this);
    }
  }
}
