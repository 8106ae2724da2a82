package dev.llmreplay.internal.redact;

import com.fasterxml.jackson.core.JsonPointer;
import dev.llmreplay.Redactor;
import dev.llmreplay.SecretScanner;

/** RFC 6901 helpers shared by {@link Redactor} and {@link SecretScanner}. */
public final class JsonPointers {
  private JsonPointers() {}

  /**
   * Checks RFC 6901 syntax strictly: empty, or segments each starting with {@code /}, where every
   * {@code ~} is followed by {@code 0} or {@code 1}. Jackson's own parser is lenient about stray
   * {@code ~}, and a typo there would silently redact nothing.
   *
   * @throws IllegalArgumentException naming the pointer and the problem
   */
  public static String requireValid(String pointer) {
    if (pointer == null) {
      throw new IllegalArgumentException("JSON pointer must not be null");
    }
    if (!pointer.isEmpty() && pointer.charAt(0) != '/') {
      throw new IllegalArgumentException(
          "JSON pointer must be empty or start with '/': \"" + pointer + "\"");
    }
    for (int i = 0; i < pointer.length(); i++) {
      if (pointer.charAt(i) == '~') {
        char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : 0;
        if (next != '0' && next != '1') {
          throw new IllegalArgumentException(
              "JSON pointer has '~' not followed by '0' or '1' at index "
                  + i
                  + ": \""
                  + pointer
                  + "\"");
        }
      }
    }
    return pointer;
  }

  /** Compiles a pointer already checked by {@link #requireValid}. */
  public static JsonPointer compile(String pointer) {
    return JsonPointer.compile(requireValid(pointer));
  }

  /** Appends {@code /} and the escaped object key (RFC 6901: {@code ~} as ~0, {@code /} as ~1). */
  public static void appendKey(StringBuilder pointer, String key) {
    pointer.append('/');
    if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
      pointer.append(key); // the common case: nothing to escape, no copy
      return;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '~') {
        pointer.append("~0");
      } else if (c == '/') {
        pointer.append("~1");
      } else {
        pointer.append(c);
      }
    }
  }
}
