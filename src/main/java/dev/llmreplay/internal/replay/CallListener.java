package dev.llmreplay.internal.replay;

import dev.llmreplay.FixtureListener;
import java.util.Objects;

/**
 * An OkHttp request tag ({@code Request.Builder.tag(CallListener.class, ...)}): a listener told
 * about that one call, besides the settings' own. The loopback server learns what an interceptor it
 * shares with others did for each of its calls this way, without a copy of the interceptor.
 *
 * @param listener told about the tagged call only
 */
public record CallListener(FixtureListener listener) {
  public CallListener {
    Objects.requireNonNull(listener, "listener");
  }
}
