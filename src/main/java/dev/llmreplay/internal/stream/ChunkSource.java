package dev.llmreplay.internal.stream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import okio.Buffer;
import okio.Source;
import okio.Timeout;

/**
 * Replays prepared chunks one by one: each {@code read} returns at most the rest of one chunk, so a
 * streaming client sees the events as separate arrivals, not as one blob. Chunk {@code i} is held
 * back until {@code dueMillis[i]} after the first read (pacing); with no delays nothing waits.
 */
public final class ChunkSource implements Source {
  private final List<byte[]> chunks;
  private final long[] dueMillis;
  private long startNanos = -1;
  private int index;
  private int offset;
  private boolean closed;

  /**
   * @param chunks the body in chunks (not copied; must not change)
   * @param dueMillis per chunk, when it is due after the first read; null for no pacing
   */
  public ChunkSource(List<byte[]> chunks, long[] dueMillis) {
    this.chunks = chunks;
    this.dueMillis = dueMillis;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (closed) throw new IllegalStateException("closed");
    if (index >= chunks.size()) return -1;
    if (startNanos < 0) startNanos = System.nanoTime();
    if (offset == 0 && dueMillis != null) awaitDue(dueMillis[index]);
    byte[] chunk = chunks.get(index);
    int n = (int) Math.min(byteCount, chunk.length - offset);
    sink.write(chunk, offset, n);
    offset += n;
    if (offset == chunk.length) {
      index++;
      offset = 0;
    }
    return n;
  }

  private void awaitDue(long due) throws InterruptedIOException {
    long waitNanos = startNanos + due * 1_000_000L - System.nanoTime();
    if (waitNanos <= 0) return;
    try {
      Thread.sleep(waitNanos / 1_000_000L, (int) (waitNanos % 1_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while pacing a replayed stream");
    }
  }

  @Override
  public Timeout timeout() {
    return Timeout.NONE;
  }

  @Override
  public void close() {
    closed = true;
  }
}
