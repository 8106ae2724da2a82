package dev.llmreplay.internal.inspect;

import java.util.Objects;

/** A tool (function) call in a response, with its arguments assembled from all chunks. */
public final class ToolCall {
  private final String id;
  private final String name;
  private final String arguments;

  private ToolCall(String id, String name, String arguments) {
    this.id = id;
    this.name = name == null ? "" : name;
    this.arguments = arguments == null ? "" : arguments;
  }

  /**
   * A tool call.
   *
   * @param id the call id, or null
   * @param name the tool's name ("" when unknown)
   * @param arguments the arguments as sent (usually JSON text; "" when none)
   */
  public static ToolCall of(String id, String name, String arguments) {
    return new ToolCall(id, name, arguments);
  }

  /** The call id, or null when the API gave none. */
  public String id() {
    return id;
  }

  /** The tool's name. */
  public String name() {
    return name;
  }

  /** The arguments text as the model produced it (JSON for every API known here). */
  public String arguments() {
    return arguments;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ToolCall)) return false;
    ToolCall t = (ToolCall) o;
    return Objects.equals(id, t.id) && name.equals(t.name) && arguments.equals(t.arguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, arguments);
  }

  /** E.g. {@code get_weather({"city":"Paris"}) [call_1]}. */
  @Override
  public String toString() {
    return name + "(" + arguments + ")" + (id == null ? "" : " [" + id + "]");
  }
}
