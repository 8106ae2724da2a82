package dev.llmreplay.internal.key;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Removes ignored fields (JSON pointers) from a body before it is keyed. Copy-on-write: a tree the
 * caller still owns is copied once, and only when a pointer actually hits something.
 */
public final class BodyNormalizer {
  private BodyNormalizer() {}

  /**
   * Parses and checks a JSON pointer given to {@code ignoreBodyField}.
   *
   * @throws IllegalArgumentException if it is not a non-empty RFC 6901 pointer
   */
  public static JsonPointer compile(String pointer) {
    if (pointer == null || pointer.isEmpty()) {
      throw new IllegalArgumentException(
          "ignoreBodyField needs a JSON pointer to a field, e.g. \"/user\"; got "
              + (pointer == null ? "null" : "an empty pointer (the whole body)"));
    }
    if (pointer.charAt(0) != '/') {
      throw new IllegalArgumentException(
          "ignoreBodyField: JSON pointer must start with '/', e.g. \"/"
              + pointer
              + "\"; got \""
              + pointer
              + "\"");
    }
    for (int i = 0; i < pointer.length(); i++) {
      if (pointer.charAt(i) == '~') {
        char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : 0;
        if (next != '0' && next != '1') {
          throw new IllegalArgumentException(
              "ignoreBodyField: '~' in a JSON pointer must be followed by 0 ('~') or 1 ('/'); got"
                  + " \""
                  + pointer
                  + "\"");
        }
      }
    }
    return JsonPointer.compile(pointer);
  }

  /**
   * The body without the fields the pointers name, applied in order (removing an array element
   * shifts the later ones). Missing fields are skipped.
   *
   * @param owned whether {@code body} may be modified in place; if false it is copied before the
   *     first removal
   */
  public static JsonNode withoutFields(JsonNode body, List<JsonPointer> pointers, boolean owned) {
    JsonNode current = body;
    boolean mutable = owned;
    for (JsonPointer pointer : pointers) {
      JsonNode parent = current.at(pointer.head());
      if (!contains(parent, pointer.last())) {
        continue;
      }
      if (!mutable) {
        current = current.deepCopy();
        mutable = true;
        parent = current.at(pointer.head());
      }
      remove(parent, pointer.last());
    }
    return current;
  }

  private static boolean contains(JsonNode parent, JsonPointer last) {
    if (parent.isObject()) {
      return parent.has(last.getMatchingProperty());
    }
    if (parent.isArray()) {
      int index = last.getMatchingIndex();
      return index >= 0 && index < parent.size();
    }
    return false;
  }

  private static void remove(JsonNode parent, JsonPointer last) {
    if (parent.isObject()) {
      ((ObjectNode) parent).remove(last.getMatchingProperty());
    } else {
      ((ArrayNode) parent).remove(last.getMatchingIndex());
    }
  }
}
