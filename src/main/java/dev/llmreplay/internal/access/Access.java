package dev.llmreplay.internal.access;

import dev.llmreplay.KeyRules;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.Redactor;
import dev.llmreplay.SecretScanner;
import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.internal.key.KeyFunction;
import dev.llmreplay.internal.redact.Redaction;
import dev.llmreplay.internal.redact.Scanner;
import dev.llmreplay.internal.replay.Replayer;

/**
 * The one way internals reach what the public API types keep to themselves: the engines behind the
 * configuration values and the facade behind an interceptor. The API package cannot widen a
 * package-private accessor to {@code dev.llmreplay.internal.*} alone, so, as the JDK's {@code
 * SharedSecrets} do, it installs an implementation here once, from the static initializer of a
 * package-private class; the public types carry no method that exists only for internals.
 *
 * <p>The bridge is immutable and installed exactly once per class loader; it is the only static
 * state in the library besides constants.
 */
public final class Access {
  /** Loaded by name: this package must not depend on the API package's internals (one way). */
  private static final String IMPLEMENTATION = "dev.llmreplay.ApiBridge";

  private static volatile Bridge bridge;

  private Access() {}

  /** What the API package hands to internals. */
  public interface Bridge {
    /** The key engine of these rules. */
    KeyFunction keys(KeyRules rules);

    /** The redaction engine of these settings. */
    Redaction redaction(Redactor redactor);

    /** The secret-scanning engine of these settings. */
    Scanner scanner(SecretScanner scanner);

    /** A new facade (with its own fixture index) over these settings. */
    Replayer replayer(ReplaySettings settings);

    /** The facade an interceptor answers through (its index). */
    Replayer replayer(RecordReplayInterceptor interceptor);

    /** A public interceptor over an existing facade (sharing its index). */
    RecordReplayInterceptor interceptor(Replayer replayer);
  }

  /** The installed bridge, installing it on first use. */
  public static Bridge bridge() {
    Bridge b = bridge;
    if (b == null) {
      try {
        Class.forName(IMPLEMENTATION, true, Access.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("llm-replay: " + IMPLEMENTATION + " is missing", e);
      }
      b = bridge;
      if (b == null) throw new IllegalStateException("llm-replay: the API bridge did not install");
    }
    return b;
  }

  /**
   * Installs the bridge; called once, by the API package.
   *
   * @throws IllegalStateException when one is installed already
   */
  public static synchronized void install(Bridge implementation) {
    if (bridge != null) throw new IllegalStateException("llm-replay: the API bridge is installed");
    bridge = implementation;
  }

  /** Shortcut: a new facade over these settings. */
  public static Replayer replayer(ReplaySettings settings) {
    return bridge().replayer(settings);
  }

  /** Shortcut: the facade behind an interceptor. */
  public static Replayer replayer(RecordReplayInterceptor interceptor) {
    return bridge().replayer(interceptor);
  }

  /** Shortcut: a new interceptor, with its own facade, over these settings. */
  public static RecordReplayInterceptor interceptor(ReplaySettings settings) {
    Bridge b = bridge();
    return b.interceptor(b.replayer(settings));
  }
}
