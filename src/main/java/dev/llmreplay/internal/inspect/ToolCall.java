package dev.llmreplay.internal.inspect;

/**
 * A tool (function) call in a response, with its arguments assembled from all chunks.
 *
 * @param id the call id, or null when the API gave none
 * @param name the tool's name ("" when unknown)
 * @param arguments the arguments text as the model produced it (JSON for every API known here; ""
 *     when none)
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    name = name == null ? "" : name;
    arguments = arguments == null ? "" : arguments;
  }

  /** A tool call; a null name or arguments becomes "". */
  public static ToolCall of(String id, String name, String arguments) {
    return new ToolCall(id, name, arguments);
  }

  /** E.g. {@code get_weather({"city":"Paris"}) [call_1]}. */
  @Override
  public String toString() {
    return name + "(" + arguments + ")" + (id == null ? "" : " [" + id + "]");
  }
}
