package dev.llmreplay.internal.fault;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/** Stalls and delays that a client's read timeout cuts short, as it would a silent socket. */
public final class Waits {
  private Waits() {}

  /**
   * Waits {@code millis}; when the client's read timeout is shorter, waits that long and throws the
   * timeout the client would have seen.
   *
   * @param readTimeoutMillis 0 for no timeout
   */
  public static void await(long millis, long readTimeoutMillis, String what) throws IOException {
    boolean timesOut = readTimeoutMillis > 0 && readTimeoutMillis < millis;
    sleep(timesOut ? readTimeoutMillis : millis);
    if (timesOut) {
      throw new SocketTimeoutException(
          "timeout: llm-replay injected fault "
              + what
              + " held the response longer than the read timeout of "
              + readTimeoutMillis
              + " ms");
    }
  }

  private static void sleep(long millis) throws InterruptedIOException {
    if (millis <= 0) return;
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while an llm-replay fault held the response");
    }
  }
}
