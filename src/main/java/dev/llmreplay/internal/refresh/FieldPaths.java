package dev.llmreplay.internal.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.fixture.VolatileFields;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The shape of a response: every JSON field path it holds, with array positions folded into {@code
 * []} ({@code choices[].delta.content}). For a stream, the union over its events. Volatile fields
 * (ids, timestamps, fingerprints; see {@link VolatileFields}) are left out, so a field that only
 * some calls carry does not read as a schema change.
 */
final class FieldPaths {
  private FieldPaths() {}

  /** The field paths of one response. */
  static SortedSet<String> of(RecordedResponse response) {
    SortedSet<String> paths = new TreeSet<>();
    if (response.isStreaming()) {
      for (StreamEvent e : response.events()) {
        if (e.data() == null) continue;
        JsonNode chunk = Json.tryParseStructure(e.data());
        if (chunk != null) collect(chunk, "", paths);
      }
    } else if (response.body().kind() == Body.Kind.JSON) {
      collect(response.body().json(), "", paths);
    }
    return paths;
  }

  private static void collect(JsonNode node, String prefix, SortedSet<String> paths) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (VolatileFields.isVolatileField(e.getKey())) continue;
        String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        paths.add(path);
        collect(e.getValue(), path, paths);
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) collect(child, prefix + "[]", paths);
    }
  }

  /**
   * The paths in {@code a} but not in {@code b}, keeping only the outermost of each subtree ({@code
   * usage.details} rather than it and {@code usage.details.cached}).
   */
  static List<String> minus(SortedSet<String> a, SortedSet<String> b) {
    List<String> out = new ArrayList<>();
    for (String p : a) {
      if (b.contains(p) || out.stream().anyMatch(parent -> isUnder(p, parent))) continue;
      out.add(p);
    }
    return out;
  }

  /** Whether {@code path} lies inside {@code parent} (a field or an array below it). */
  static boolean isUnder(String path, String parent) {
    Objects.requireNonNull(parent);
    return path.length() > parent.length()
        && path.startsWith(parent)
        && (path.charAt(parent.length()) == '.' || path.charAt(parent.length()) == '[');
  }
}
