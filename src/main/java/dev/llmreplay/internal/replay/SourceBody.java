package dev.llmreplay.internal.replay;

import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/** A response body over a source (works on OkHttp 4.12 and 5.x alike). */
final class SourceBody extends ResponseBody {
  private final MediaType contentType;
  private final long contentLength;
  private final BufferedSource source;

  SourceBody(MediaType contentType, long contentLength, BufferedSource source) {
    this.contentType = contentType;
    this.contentLength = contentLength;
    this.source = source;
  }

  @Override
  public MediaType contentType() {
    return contentType;
  }

  @Override
  public long contentLength() {
    return contentLength;
  }

  @Override
  public BufferedSource source() {
    return source;
  }
}
