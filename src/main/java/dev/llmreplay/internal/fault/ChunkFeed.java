package dev.llmreplay.internal.fault;

import java.io.Closeable;
import java.io.IOException;

/** A body as a sequence of chunks: one per stream event, or pieces of a whole body. */
public interface ChunkFeed extends Closeable {
  /**
   * The next chunk, or null at the end.
   *
   * @throws IOException the body failed (a live upstream, or a recorded failure)
   */
  byte[] next() throws IOException;

  /** Reads what is left without handing it out (a recording needs the whole upstream body). */
  default void drain() throws IOException {}
}
