package dev.llmreplay.internal.fault;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** How a replayed body ends after its last chunk: as recorded, a clean end or a failure. */
public enum Ending {
  CLEAN,
  /** The connection failed (reset, or closed before the end of the body). */
  RESET,
  /** The read timed out. */
  TIMEOUT;

  /** The exception a client sees, or null for {@link #CLEAN}. */
  IOException exception(String message) {
    switch (this) {
      case RESET:
        return new SocketException(message);
      case TIMEOUT:
        return new SocketTimeoutException(message);
      default:
        return null;
    }
  }
}
