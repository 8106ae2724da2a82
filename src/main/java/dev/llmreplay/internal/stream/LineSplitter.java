package dev.llmreplay.internal.stream;

import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts a byte stream fed in arbitrary chunks into lines and hands each complete line to a {@link
 * LineHandler} as a byte range, without the terminator. Lines are handed over as bytes (not decoded
 * text) because CR and LF never occur inside a multi-byte UTF-8 sequence: a complete line is always
 * a complete UTF-8 sequence, so the caller decodes it in one go however the chunks were split. A
 * line that lies within one chunk is handed over in place, without copying; only a line spread over
 * several chunks is gathered in a reused carry buffer.
 *
 * <p>A UTF-8 byte order mark at the very start of the stream is removed once, as the WHATWG UTF-8
 * decode does.
 */
final class LineSplitter {

  /** Receives one complete line; the range is valid only during the call. */
  interface LineHandler {
    void line(byte[] bytes, int offset, int length);
  }

  private static final byte[] NO_BYTES = new byte[0];

  private final boolean crEndsLine;
  private final LineHandler handler;

  /** The start of a line whose end has not arrived yet. */
  private byte[] carry = NO_BYTES;

  private int carryLength;

  /**
   * A CR ended the previous line at the very end of a chunk: an LF starting the next is its pair.
   */
  private boolean skipLf;

  /** No line handed over yet, so the next one may begin with the byte order mark. */
  private boolean atStreamStart = true;

  /**
   * @param crEndsLine true for SSE, where a lone CR ends a line as LF and CRLF do; false for
   *     NDJSON, where only LF does (a CR right before the LF is dropped with it)
   */
  LineSplitter(boolean crEndsLine, LineHandler handler) {
    this.crEndsLine = crEndsLine;
    this.handler = handler;
  }

  void feed(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int end = offset + length;
    int i = offset;
    if (skipLf && i < end) {
      if (bytes[i] == '\n') i++;
      skipLf = false;
    }
    int lineStart = i;
    for (; i < end; i++) {
      byte b = bytes[i];
      if (b == '\n' || (b == '\r' && crEndsLine)) {
        endLine(bytes, lineStart, i);
        if (b == '\r') {
          if (i + 1 == end) {
            skipLf = true;
          } else if (bytes[i + 1] == '\n') {
            i++;
          }
        }
        lineStart = i + 1;
      }
    }
    if (lineStart < end) {
      append(bytes, lineStart, end);
    }
  }

  /** Hands over the unterminated last line, if any bytes of one arrived. */
  void finish() {
    skipLf = false;
    if (carryLength > 0) {
      int n = carryLength;
      carryLength = 0;
      deliver(carry, 0, n);
    }
  }

  private void endLine(byte[] bytes, int start, int end) {
    if (carryLength == 0) {
      deliver(bytes, start, end - start);
    } else {
      append(bytes, start, end);
      int n = carryLength;
      carryLength = 0;
      deliver(carry, 0, n);
    }
  }

  private void deliver(byte[] bytes, int offset, int length) {
    if (!crEndsLine && length > 0 && bytes[offset + length - 1] == '\r') {
      length--;
    }
    if (atStreamStart) {
      atStreamStart = false;
      if (length >= 3
          && bytes[offset] == (byte) 0xEF
          && bytes[offset + 1] == (byte) 0xBB
          && bytes[offset + 2] == (byte) 0xBF) {
        offset += 3;
        length -= 3;
      }
    }
    handler.line(bytes, offset, length);
  }

  private void append(byte[] bytes, int start, int end) {
    int n = end - start;
    if (carryLength + n > carry.length) {
      carry = Arrays.copyOf(carry, Math.max(carryLength + n, Math.max(64, carry.length * 2)));
    }
    System.arraycopy(bytes, start, carry, carryLength, n);
    carryLength += n;
  }
}
