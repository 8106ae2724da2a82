package dev.llmreplay.internal.fault;

import dev.llmreplay.internal.stream.StreamFormat;
import java.io.IOException;
import java.net.SocketException;
import okio.Buffer;
import okio.Source;
import okio.Timeout;

/**
 * Delivers a body chunk by chunk and applies a body fault after the first {@code n} events (or
 * bytes, for a whole body): a cut fails every later read with an {@link IOException}; an eof ends
 * the body cleanly, leaving out the terminal event; an error event is sent and then the body ends;
 * a stall waits (cut short by the client's read timeout) and then goes on. A body with fewer than
 * {@code n} events gets the fault at its end. Before a cut, eof or error event the feed is drained,
 * so a recording behind it is complete before the client sees the fault.
 */
public final class FaultedSource implements Source {
  private final ChunkFeed feed;
  private final FaultAction.BodyFault fault;
  private final boolean wholeBody;
  private final StreamFormat format;
  private final byte[] errorEvent;
  private final long readTimeoutMillis;
  private final String label;

  private byte[] current;
  private int pos;
  private byte[] pushedBack;
  private long delivered;
  private boolean fired;
  private boolean ended;
  private IOException failure;

  /**
   * @param fault null to deliver the feed as it is (a recorded failure still ends it)
   * @param wholeBody true when {@code n} counts bytes of a body that is not a stream
   * @param errorEvent the wire bytes of the error event, for {@link FaultAction.ErrorEventAfter}
   * @param readTimeoutMillis the client's read timeout, which cuts a stall short (0: none)
   * @param label names the fault in exception messages, e.g. {@code cut-after=5 (call 1)}
   */
  public FaultedSource(
      ChunkFeed feed,
      FaultAction.BodyFault fault,
      boolean wholeBody,
      StreamFormat format,
      byte[] errorEvent,
      long readTimeoutMillis,
      String label) {
    this.feed = feed;
    this.fault = fault;
    this.wholeBody = wholeBody;
    this.format = format;
    this.errorEvent = errorEvent;
    this.readTimeoutMillis = readTimeoutMillis;
    this.label = label;
    this.fired = fault == null;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    while (true) {
      if (current != null && pos < current.length) {
        int n = (int) Math.min(byteCount, current.length - pos);
        sink.write(current, pos, n);
        pos += n;
        return n;
      }
      if (failure != null) throw failure;
      if (ended) return -1;
      if (!fired && delivered >= fault.n()) {
        fire();
        continue;
      }
      byte[] next = nextChunk();
      if (next == null) {
        if (!fired) {
          fire();
        } else {
          ended = true;
        }
        continue;
      }
      if (!fired && fault instanceof FaultAction.EofAfter && !wholeBody) {
        if (TerminalEvents.isTerminal(format, next)) {
          fire();
          continue;
        }
      }
      if (!fired && wholeBody && delivered + next.length > fault.n()) {
        int room = (int) (fault.n() - delivered);
        byte[] head = new byte[room];
        System.arraycopy(next, 0, head, 0, room);
        pushedBack = new byte[next.length - room];
        System.arraycopy(next, room, pushedBack, 0, pushedBack.length);
        next = head;
      }
      delivered += wholeBody ? next.length : 1;
      current = next;
      pos = 0;
    }
  }

  private byte[] nextChunk() throws IOException {
    if (pushedBack != null) {
      byte[] b = pushedBack;
      pushedBack = null;
      return b;
    }
    try {
      return feed.next();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  private void fire() throws IOException {
    fired = true;
    String after = delivered + (wholeBody ? " bytes" : delivered == 1 ? " event" : " events");
    if (fault instanceof FaultAction.StallAfter) {
      try {
        Waits.await(((FaultAction.StallAfter) fault).millis(), readTimeoutMillis, label);
      } catch (IOException e) {
        failure = e;
      }
      return;
    }
    pushedBack = null;
    try {
      feed.drain();
    } catch (IOException e) {
      failure = e; // the upstream itself failed: that is what the client gets
      return;
    }
    if (fault instanceof FaultAction.CutAfter) {
      failure =
          new SocketException(
              "Connection reset by llm-replay injected fault " + label + " after " + after);
    } else if (fault instanceof FaultAction.ErrorEventAfter) {
      current = errorEvent;
      pos = 0;
      ended = true;
    } else {
      ended = true;
    }
  }

  @Override
  public Timeout timeout() {
    return Timeout.NONE;
  }

  @Override
  public void close() throws IOException {
    feed.close();
  }
}
