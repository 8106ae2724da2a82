package dev.llmreplay.internal.fault;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * Prepared chunks of a replayed response, paced like {@code ChunkSource}, ending as recorded: a
 * recorded failure ends the feed with that failure after the last recorded event.
 */
public final class PreparedFeed implements ChunkFeed {
  private final List<byte[]> chunks;
  private final long[] dueMillis;
  private final Ending ending;
  private final String endingMessage;
  private long startNanos = -1;
  private int index;

  /**
   * @param dueMillis per chunk, when it is due after the first one is asked for; null for no pacing
   */
  public PreparedFeed(List<byte[]> chunks, long[] dueMillis, Ending ending, String endingMessage) {
    this.chunks = chunks;
    this.dueMillis = dueMillis;
    this.ending = ending;
    this.endingMessage = endingMessage;
  }

  @Override
  public byte[] next() throws IOException {
    if (index >= chunks.size()) {
      IOException e = ending.exception(endingMessage);
      if (e != null) throw e;
      return null;
    }
    if (startNanos < 0) startNanos = System.nanoTime();
    if (dueMillis != null) awaitDue(dueMillis[index]);
    return chunks.get(index++);
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
  public void close() {}
}
