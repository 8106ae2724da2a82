package dev.llmreplay.internal.stream;

import java.util.Objects;

/**
 * One header of an AWS event-stream frame: its name, its wire type and its value written as text
 * ({@code bytes} as base64, {@code timestamp} as an ISO-8601 instant, numbers in decimal, {@code
 * bool} as true/false).
 *
 * @param type one of {@code string}, {@code bytes}, {@code bool}, {@code byte}, {@code short},
 *     {@code int}, {@code long}, {@code timestamp}, {@code uuid}
 */
public record EventHeader(String name, String type, String value) {
  public EventHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  /** A string header, the kind AWS uses for {@code :event-type}, {@code :content-type} and kin. */
  public static EventHeader string(String name, String value) {
    return new EventHeader(name, "string", value);
  }

  public boolean isString() {
    return type.equals("string");
  }
}
