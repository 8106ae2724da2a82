package dev.llmreplay.internal.replay;

import dev.llmreplay.Pacing;
import dev.llmreplay.internal.fixture.PreparedResponse;
import dev.llmreplay.internal.stream.ChunkSource;
import dev.llmreplay.internal.stream.SourceBody;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okio.Okio;
import okio.Source;

/** Turns a prepared recorded response into an OkHttp response that streams chunk by chunk. */
final class ReplayedResponse {
  private ReplayedResponse() {}

  static Response of(Request request, PreparedResponse p, Pacing pacing) {
    long[] due = null;
    if (p.isStreaming() && !pacing.isNone()) {
      due = new long[p.chunks().size()];
      for (int i = 0; i < due.length; i++) due[i] = pacing.dueMillis(i, p.tMs(i));
    }
    boolean head = request.method().equals("HEAD");
    Source source = new ChunkSource(head ? List.of() : p.chunks(), due);
    long now = System.currentTimeMillis();
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(p.status())
        .message(p.message())
        .headers(p.headers())
        .body(
            new SourceBody(
                mediaType(p.contentType()),
                head ? 0 : p.isStreaming() ? -1 : p.contentLength(),
                Okio.buffer(source)))
        .sentRequestAtMillis(now)
        .receivedResponseAtMillis(now)
        .build();
  }

  private static MediaType mediaType(String contentType) {
    return contentType == null ? null : MediaType.parse(contentType);
  }
}
