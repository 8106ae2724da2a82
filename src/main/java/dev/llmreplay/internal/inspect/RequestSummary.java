package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A request in brief: method and URL, the model, the input as (role, text) lines — messages,
 * prompt, Responses input, Anthropic system, instructions, Gemini contents and system instruction,
 * Bedrock Converse messages and system — the tools offered by name, and the remaining top-level
 * parameters as compact text. Gemini and Bedrock name the model in the URL path, where it is read
 * from when the body does not name one.
 */
public final class RequestSummary {
  private static final Set<String> INPUT_FIELDS =
      Set.of(
          "model",
          "messages",
          "prompt",
          "input",
          "system",
          "instructions",
          "tools",
          "contents",
          "systemInstruction",
          "toolConfig");

  /** Gemini's {@code /models/MODEL:method} and Bedrock's {@code /model/MODEL/converse}. */
  private static final java.util.regex.Pattern MODEL_IN_PATH =
      java.util.regex.Pattern.compile("/models?/([^/:?]+)[:/]");

  private final String method;
  private final String url;
  private final String model;
  private final List<Line> input;
  private final List<String> tools;
  private final Map<String, String> params;
  private final String bodyNote;

  private RequestSummary(
      String method,
      String url,
      String model,
      List<Line> input,
      List<String> tools,
      Map<String, String> params,
      String bodyNote) {
    this.method = method;
    this.url = url;
    this.model = model;
    this.input = List.copyOf(input);
    this.tools = List.copyOf(tools);
    this.params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.bodyNote = bodyNote;
  }

  /** Summarizes a recorded request. Never throws on odd bodies. */
  public static RequestSummary of(RecordedRequest request) {
    Body body = request.body();
    List<Line> input = new ArrayList<>();
    List<String> tools = new ArrayList<>();
    Map<String, String> params = new LinkedHashMap<>();
    String model = request.model();
    String note = null;
    if (body.kind() == Body.Kind.JSON && body.json().isObject()) {
      JsonNode json = body.json();
      if (Nodes.text(json, "model") != null) model = Nodes.text(json, "model");
      if (model == null) model = modelInPath(request.url());
      if (json.has("system")) input.add(new Line("system", Nodes.contentText(json.get("system"))));
      if (json.has("systemInstruction")) {
        input.add(new Line("system", geminiText(json.get("systemInstruction").path("parts"))));
      }
      geminiContents(json.get("contents"), input);
      if (json.has("instructions") && !json.get("instructions").isNull()) {
        input.add(new Line("instructions", Nodes.contentText(json.get("instructions"))));
      }
      messages(json.get("messages"), input);
      list("prompt", json.get("prompt"), input);
      list("input", json.get("input"), input);
      for (JsonNode tool : json.path("tools")) {
        if (tool.has("functionDeclarations")) {
          for (JsonNode f : tool.get("functionDeclarations"))
            tools.add(name(Nodes.text(f, "name")));
          continue;
        }
        String name = Nodes.text(tool.path("function"), "name");
        if (name == null) name = Nodes.text(tool, "name");
        if (name == null) name = Nodes.text(tool, "type");
        tools.add(name == null ? "?" : name);
      }
      for (JsonNode tool : json.path("toolConfig").path("tools")) {
        if (tool.has("toolSpec")) tools.add(name(Nodes.text(tool.get("toolSpec"), "name")));
      }
      for (Map.Entry<String, JsonNode> f : json.properties()) {
        if (!INPUT_FIELDS.contains(f.getKey())) params.put(f.getKey(), Nodes.compact(f.getValue()));
      }
    } else if (body.kind() == Body.Kind.JSON) {
      note = "JSON body: " + Assembler.excerpt(Nodes.compact(body.json()));
    } else if (body.kind() == Body.Kind.TEXT) {
      note = "text body: " + Assembler.excerpt(body.text());
    } else if (body.kind() == Body.Kind.BINARY) {
      note = body.toWire().length + " bytes of binary body";
    }
    return new RequestSummary(request.method(), request.url(), model, input, tools, params, note);
  }

  private static String name(String name) {
    return name == null ? "?" : name;
  }

  private static String modelInPath(String url) {
    java.util.regex.Matcher m = MODEL_IN_PATH.matcher(url);
    if (!m.find()) return null;
    try {
      return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return m.group(1);
    }
  }

  /** Gemini's {@code contents[]}: a role and parts each. */
  private static void geminiContents(JsonNode contents, List<Line> out) {
    if (contents == null || !contents.isArray()) return;
    for (JsonNode c : contents) {
      String role = Nodes.text(c, "role");
      out.add(new Line(role == null ? "user" : role, geminiText(c.path("parts"))));
    }
  }

  /** Parts as text: text as it is, calls and results in brackets, other data by kind. */
  private static String geminiText(JsonNode parts) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : parts) {
      String piece;
      if (Nodes.text(part, "text") != null) {
        piece = Nodes.text(part, "text");
      } else if (part.has("functionCall")) {
        JsonNode f = part.get("functionCall");
        piece = "[calls " + Nodes.text(f, "name") + "(" + Nodes.compact(f.get("args")) + ")]";
      } else if (part.has("functionResponse")) {
        JsonNode f = part.get("functionResponse");
        piece =
            "[result of " + Nodes.text(f, "name") + ": " + Nodes.compact(f.get("response")) + "]";
      } else if (part.has("inlineData") || part.has("fileData")) {
        piece = "[file]";
      } else {
        continue;
      }
      if (text.length() > 0) text.append(' ');
      text.append(piece);
    }
    return text.toString();
  }

  private static void messages(JsonNode messages, List<Line> out) {
    if (messages == null || !messages.isArray()) return;
    for (JsonNode m : messages) {
      String role = Nodes.text(m, "role");
      StringBuilder text = new StringBuilder(Nodes.contentText(m.get("content")));
      for (JsonNode call : m.path("tool_calls")) {
        JsonNode f = call.path("function");
        if (text.length() > 0) text.append(' ');
        text.append("[calls ")
            .append(Nodes.text(f, "name"))
            .append('(')
            .append(Nodes.compact(f.get("arguments")))
            .append(")]");
      }
      int images = m.path("images").size();
      if (images > 0)
        text.append(text.length() > 0 ? " " : "")
            .append("[" + images + " image" + (images == 1 ? "]" : "s]"));
      String callId = Nodes.text(m, "tool_call_id");
      String label = role == null ? "message" : role;
      out.add(new Line(callId == null ? label : label + " " + callId, text.toString()));
    }
  }

  /** A prompt or input: a string, or an array of strings, message items or tokens. */
  private static void list(String label, JsonNode value, List<Line> out) {
    if (value == null || value.isNull()) return;
    if (!value.isArray()) {
      out.add(new Line(label, Nodes.compact(value)));
      return;
    }
    if (value.size() > 0 && value.get(0).isNumber()) {
      out.add(new Line(label, value.size() + " tokens"));
      return;
    }
    for (JsonNode item : value) {
      if (item.isTextual()) {
        out.add(new Line(label, item.asText()));
      } else if (Nodes.text(item, "role") != null) {
        out.add(new Line(Nodes.text(item, "role"), Nodes.contentText(item.get("content"))));
      } else if (Nodes.text(item, "type") != null) {
        String type = Nodes.text(item, "type");
        String text =
            item.has("output")
                ? Nodes.compact(item.get("output"))
                : item.has("arguments")
                    ? Nodes.text(item, "name") + "(" + Nodes.compact(item.get("arguments")) + ")"
                    : Nodes.compact(item);
        out.add(new Line(type, text));
      } else {
        out.add(new Line(label, Nodes.compact(item)));
      }
    }
  }

  /** The HTTP method as recorded. */
  public String method() {
    return method;
  }

  /** The URL as recorded. */
  public String url() {
    return url;
  }

  /** The model asked for, or null. */
  public String model() {
    return model;
  }

  /** The input: messages, prompt and the like, in request order. */
  public List<Line> input() {
    return input;
  }

  /** The names of the tools offered. */
  public List<String> tools() {
    return tools;
  }

  /** The other top-level body fields, compact, in body order. */
  public Map<String, String> params() {
    return params;
  }

  /** For bodies that are not a JSON object: what the body is; else null. */
  public String bodyNote() {
    return bodyNote;
  }

  /** One input line: who (role, or prompt/input/system) and the text. */
  public static final class Line {
    private final String label;
    private final String text;

    /** A line. */
    public Line(String label, String text) {
      this.label = Objects.requireNonNull(label, "label");
      this.text = Objects.requireNonNull(text, "text");
    }

    /** The role or field, e.g. "user", "prompt". */
    public String label() {
      return label;
    }

    /** The text. */
    public String text() {
      return text;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Line && ((Line) o).label.equals(label) && ((Line) o).text.equals(text);
    }

    @Override
    public int hashCode() {
      return Objects.hash(label, text);
    }

    @Override
    public String toString() {
      return label + ": " + text;
    }
  }
}
