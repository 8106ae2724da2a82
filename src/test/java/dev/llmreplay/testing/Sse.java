package dev.llmreplay.testing;

import java.util.ArrayList;
import java.util.List;

/** Test helper: the data payloads of an SSE body, split the simple way (LF only). */
public final class Sse {
  private Sse() {}

  public static List<String> dataLines(String body) {
    List<String> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) out.add(line.substring(6));
      else if (line.startsWith("data:")) out.add(line.substring(5));
    }
    return out;
  }

  /** An SSE body from data payloads, each followed by a blank line. */
  public static String of(String... data) {
    StringBuilder sb = new StringBuilder();
    for (String d : data) sb.append("data: ").append(d).append("\n\n");
    return sb.toString();
  }
}
