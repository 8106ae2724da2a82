package dev.llmreplay;

import java.util.Locale;

/** What the interceptor does with a call. */
public enum Mode {
  /** Answer every call from the recordings; never touch the network. A miss is an error. */
  REPLAY("replay", true, false),
  /** Always call the live API and record the response, overwriting what was recorded. */
  RECORD("record", false, true),
  /** Replay what is recorded; call the live API and record only what is missing. */
  RECORD_MISSING("record-missing", true, true),
  /** Pass every call through untouched; read and write nothing. */
  LIVE("live", false, false);

  private final String id;
  private final boolean readable;
  private final boolean writable;

  Mode(String id, boolean readable, boolean writable) {
    this.id = id;
    this.readable = readable;
    this.writable = writable;
  }

  /** The name used in system properties and environment variables, e.g. {@code record-missing}. */
  public String id() {
    return id;
  }

  /** Whether recorded responses are served in this mode. */
  public boolean isReadable() {
    return readable;
  }

  /** Whether live responses are recorded in this mode. */
  public boolean isWritable() {
    return writable;
  }

  /**
   * Parses a mode name, case-insensitively: {@code replay}, {@code record}, {@code record-missing}
   * (also {@code record-if-missing}, llama-stack's name, and the enum names with underscores) or
   * {@code live}.
   *
   * @throws IllegalArgumentException naming the valid values
   */
  public static Mode parse(String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      switch (v) {
        case "replay":
          return REPLAY;
        case "record":
          return RECORD;
        case "record-missing":
        case "record-if-missing":
          return RECORD_MISSING;
        case "live":
          return LIVE;
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "unknown llm-replay mode '"
            + value
            + "': use one of replay, record, record-missing (or record-if-missing), live");
  }
}
