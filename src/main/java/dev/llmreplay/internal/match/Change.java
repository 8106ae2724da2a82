package dev.llmreplay.internal.match;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One difference between a recorded request body and this request's body, at a JSON Pointer (RFC
 * 6901; {@code ""} is the whole body). Read as "from the recording to this request": a field is
 * {@link Kind#ADDED} when only this request has it.
 */
public final class Change {
  /** What happened to the value at the pointer, going from the recording to this request. */
  public enum Kind {
    /** Only this request has a value there. */
    ADDED("added"),
    /** Only the recording has a value there. */
    REMOVED("removed"),
    /** Both have a value there, and they differ. */
    CHANGED("changed");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    /** The lower-case word used in messages: {@code added}, {@code removed}, {@code changed}. */
    public String word() {
      return word;
    }
  }

  /** Strings longer than this, quotes included, are shown as excerpts around the difference. */
  private static final int SHORT_STRING_CHARS = 40;

  private final Kind kind;
  private final String pointer;
  private final JsonNode recorded;
  private final JsonNode actual;

  private Change(Kind kind, String pointer, JsonNode recorded, JsonNode actual) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.pointer = Objects.requireNonNull(pointer, "pointer");
    this.recorded = recorded;
    this.actual = actual;
  }

  /** A value only this request has. */
  public static Change added(String pointer, JsonNode actual) {
    return new Change(Kind.ADDED, pointer, null, Objects.requireNonNull(actual, "actual"));
  }

  /** A value only the recording has. */
  public static Change removed(String pointer, JsonNode recorded) {
    return new Change(Kind.REMOVED, pointer, Objects.requireNonNull(recorded, "recorded"), null);
  }

  /** A value both have, differently. */
  public static Change changed(String pointer, JsonNode recorded, JsonNode actual) {
    return new Change(
        Kind.CHANGED,
        pointer,
        Objects.requireNonNull(recorded, "recorded"),
        Objects.requireNonNull(actual, "actual"));
  }

  /** Whether the value was added, removed or changed. */
  public Kind kind() {
    return kind;
  }

  /** The JSON Pointer of the value, {@code ""} for the whole body. */
  public String pointer() {
    return pointer;
  }

  /** The recording's value; null when {@link Kind#ADDED}. Do not modify. */
  public JsonNode recorded() {
    return recorded;
  }

  /** This request's value; null when {@link Kind#REMOVED}. Do not modify. */
  public JsonNode actual() {
    return actual;
  }

  /** The pointer as shown in messages: the pointer itself, or {@code (body)} for the root. */
  public String displayPointer() {
    return pointer.isEmpty() ? "(body)" : pointer;
  }

  /**
   * The values as shown in messages: compact JSON with sorted keys, at most about 80 characters;
   * two differing strings too long for that are both cut to the region around their first
   * difference, in brackets: {@code "…the quick brown [fox] jumps…"}.
   *
   * @return for CHANGED the recorded then the actual text; otherwise the one value's text
   */
  String[] valueTexts() {
    if (kind != Kind.CHANGED) {
      return new String[] {JsonText.shortCompact(kind == Kind.ADDED ? actual : recorded)};
    }
    if (recorded.isTextual() && actual.isTextual()) {
      String r = JsonText.compact(recorded);
      String a = JsonText.compact(actual);
      if (r.length() > SHORT_STRING_CHARS || a.length() > SHORT_STRING_CHARS) {
        return JsonText.excerpts(recorded.textValue(), actual.textValue());
      }
      return new String[] {r, a};
    }
    return new String[] {JsonText.shortCompact(recorded), JsonText.shortCompact(actual)};
  }

  /**
   * One line: {@code changed /temperature: 0.7 → 0.2}, {@code added /user: "alice"}, {@code removed
   * /stream_options: {"include_usage":true}}.
   */
  @Override
  public String toString() {
    String[] texts = valueTexts();
    String values = kind == Kind.CHANGED ? texts[0] + " → " + texts[1] : texts[0];
    return kind.word + " " + displayPointer() + ": " + values;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Change)) {
      return false;
    }
    Change c = (Change) o;
    return kind == c.kind
        && pointer.equals(c.pointer)
        && Objects.equals(recorded, c.recorded)
        && Objects.equals(actual, c.actual);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, pointer, recorded, actual);
  }
}
