package dev.llmreplay.internal.refresh;

/**
 * What a refresh compares between two recordings of a fixture, in the order reports name them. The
 * one list of them: {@link FixtureChange} decides each, {@link ChangeReportMarkdown} renders each,
 * the refresh log names them by {@link #label()}; the switches over this enum are exhaustive, so a
 * new aspect cannot be forgotten in any of them.
 */
public enum Aspect {
  /** The response status (several responses: all of them). */
  STATUS("status"),
  /** How many responses the fixture holds. */
  RESPONSES("responses"),
  /** The assembled assistant text. */
  TEXT("text"),
  /** The tool calls, by name and arguments. */
  TOOL_CALLS("tool calls"),
  /** The finish (stop) reason. */
  FINISH_REASON("finish reason"),
  /** Token counts. */
  USAGE("usage"),
  /** JSON field paths of the response added or gone. */
  FIELDS("response fields"),
  /** Response header names (not volatile ones) added or gone. */
  HEADERS("headers"),
  /** The number of stream events. */
  EVENTS("stream events"),
  /**
   * Anything else: values at field paths, header values, event names. Looked at only when no other
   * aspect changed, to say why two recordings still differ.
   */
  OTHER_VALUES("other values");

  private final String label;

  Aspect(String label) {
    this.label = label;
  }

  /** How the refresh log names it, e.g. {@code tool calls}. */
  public String label() {
    return label;
  }
}
