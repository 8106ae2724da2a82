package dev.llmreplay.internal.stream;

import java.util.ArrayList;
import java.util.List;
import okio.Buffer;

/**
 * An incremental (push) decoder of one streamed response body: bytes go in as they arrive, in
 * chunks of any size and split anywhere (even inside a UTF-8 character or between the CR and LF of
 * a CRLF), and the events those bytes complete come out. One instance per stream; not thread-safe.
 *
 * <p>Returned events have {@code tMs == 0}: the caller knows the clock and stamps them.
 */
public interface StreamDecoder {

  /**
   * Consumes {@code length} bytes of {@code bytes} starting at {@code offset} and returns the
   * events they complete, in wire order (an empty list if none). The decoder does not keep a
   * reference to {@code bytes}; the caller may reuse the array.
   */
  List<StreamEvent> feed(byte[] bytes, int offset, int length);

  /**
   * Signals the end of the stream and returns what the stream still held: the event made of the
   * bytes after the last line or event terminator, if they carry one.
   */
  List<StreamEvent> finish();

  /** Consumes all of {@code bytes}; see {@link #feed(byte[], int, int)}. */
  default List<StreamEvent> feed(byte[] bytes) {
    return feed(bytes, 0, bytes.length);
  }

  /**
   * Consumes {@code byteCount} bytes of {@code buffer} starting at {@code offset} without consuming
   * them from the buffer and without copying them: for a tee that has just read {@code n} bytes
   * into {@code sink}, {@code feed(sink, sink.size() - n, n)}.
   */
  default List<StreamEvent> feed(Buffer buffer, long offset, long byteCount) {
    if (offset < 0 || byteCount < 0 || offset > buffer.size() - byteCount) {
      throw new IndexOutOfBoundsException(
          "offset=" + offset + " byteCount=" + byteCount + " size=" + buffer.size());
    }
    List<StreamEvent> events = List.of();
    boolean owned = false;
    try (Buffer.UnsafeCursor cursor = buffer.readUnsafe()) {
      // Walk the buffer's segments in place; each feed sees one segment's slice.
      long remaining = byteCount;
      cursor.seek(offset);
      while (remaining > 0) {
        int n = (int) Math.min(remaining, cursor.end - cursor.start);
        List<StreamEvent> more = feed(cursor.data, cursor.start, n);
        if (!more.isEmpty()) {
          if (events.isEmpty()) {
            events = more;
          } else {
            if (!owned) {
              events = new ArrayList<>(events);
              owned = true;
            }
            events.addAll(more);
          }
        }
        remaining -= n;
        if (remaining > 0) cursor.next();
      }
    }
    return events;
  }
}
