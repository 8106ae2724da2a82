package dev.llmreplay;

import java.util.Objects;

/**
 * One suspected secret found by a {@link SecretScanner}: where it is, what it looks like, and a
 * masked form that is safe to print (never the whole secret).
 *
 * <p>For a secret inside an object key, {@link #pointer()} names the object holding that key and
 * {@link #inKey()} is true: a pointer to the member would spell out the secret itself.
 */
public final class SecretFinding {
  private final String pointer;
  private final String kind;
  private final String masked;
  private final boolean inKey;

  /** Only the secret scanner creates findings, from the masked secret (never the secret). */
  SecretFinding(String pointer, String kind, String masked, boolean inKey) {
    this.pointer = Objects.requireNonNull(pointer, "pointer");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.masked = Objects.requireNonNull(masked, "masked");
    this.inKey = inKey;
  }

  /** RFC 6901 pointer to the string holding the secret, e.g. {@code /request/url}. */
  public String pointer() {
    return pointer;
  }

  /** What the secret looks like, e.g. "OpenAI API key". */
  public String kind() {
    return kind;
  }

  /** The secret's first characters, "…" and its length; safe to print. */
  public String masked() {
    return masked;
  }

  /** Whether the secret is in an object key (then {@link #pointer()} names the object). */
  public boolean inKey() {
    return inKey;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SecretFinding)) return false;
    SecretFinding f = (SecretFinding) o;
    return inKey == f.inKey
        && pointer.equals(f.pointer)
        && kind.equals(f.kind)
        && masked.equals(f.masked);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pointer, kind, masked, inKey);
  }

  /** E.g. {@code OpenAI API key at /request/url: sk-pro…51}. */
  @Override
  public String toString() {
    String where = pointer.isEmpty() ? "the document root" : pointer;
    return kind + (inKey ? " in an object key at " : " at ") + where + ": " + masked;
  }
}
