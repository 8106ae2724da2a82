package dev.llmreplay.junit;

import dev.llmreplay.Mode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records and replays the LLM API calls of a test class or method: registers {@link
 * LlmReplayExtension}, which injects an {@code OkHttpClient}, a {@code RecordReplayInterceptor}, a
 * {@code ReplayServer} or a {@link Recordings} handle into constructors, lifecycle and test
 * methods.
 *
 * <pre>{@code
 * @LlmReplay
 * class SummarizerTest {
 *   @Test
 *   void summarizes(OkHttpClient client) { ... }
 * }
 * }</pre>
 *
 * <p>Every attribute is optional; an attribute left out is taken from the next annotation out (a
 * method's from its class, a {@code @Nested} class's from the enclosing class), then from a {@link
 * LlmReplayExtension#builder() registered extension}, then from the defaults. System properties and
 * environment variables override them all: {@code -Dllmreplay.mode} / {@code LLM_REPLAY_MODE},
 * {@code llmreplay.dir} / {@code LLM_REPLAY_DIR}, {@code llmreplay.pacing} / {@code
 * LLM_REPLAY_PACING}, {@code llmreplay.target} / {@code LLM_REPLAY_TARGET}, {@code
 * llmreplay.strict} / {@code LLM_REPLAY_STRICT} (for {@link #failOnUnused}), {@code
 * llmreplay.normalize} / {@code LLM_REPLAY_NORMALIZE} (for {@link #normalizeVolatileFields}),
 * {@code llmreplay.faults} / {@code LLM_REPLAY_FAULTS} and {@code llmreplay.recordFailures} /
 * {@code LLM_REPLAY_RECORD_FAILURES}. JUnit configuration parameters (say, in {@code
 * junit-platform.properties}) of the same names work too.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LlmReplayExtension.class)
public @interface LlmReplay {
  /**
   * The mode, such as {@code mode = Mode.RECORD_MISSING}; at most one. Left out: the next
   * annotation's, else {@link Mode#REPLAY}.
   */
  Mode[] mode() default {};

  /**
   * The recordings root, relative to the project directory unless absolute. Left out: {@code
   * recordings}. Each test reads and writes its own directory under it, {@code
   * <root>/<TestClass>/<testMethod>/}, and falls back to the directories above it.
   */
  String dir() default "";

  /** JSON Pointers of request body fields left out of the key, such as {@code "/user"}. */
  String[] ignoreBodyFields() default {};

  /**
   * How fast replayed streams are delivered: {@code none} (the default), {@code recorded}, {@code
   * recorded:0.5} or {@code fixed:20ms}.
   */
  String pacing() default "";

  /**
   * Whether fixtures in the test's own directory that the test did not use fail it (they are always
   * reported), such as {@code failOnUnused = true}. Left out: false.
   */
  boolean[] failOnUnused() default {};

  /**
   * The live API the injected {@code ReplayServer} records from, such as {@code
   * https://api.openai.com}. Needed only to record through the server.
   */
  String target() default "";

  /**
   * Whether recorded responses are written with their volatile values made constant (response id
   * {@code rec-<hash>}, {@code created: 0}, request-id headers), so that re-recording an unchanged
   * answer leaves the fixture as it was, such as {@code normalizeVolatileFields = true}. The test
   * still sees the live response. Left out: false.
   */
  boolean[] normalizeVolatileFields() default {};

  /**
   * Faults injected into what the test's clients receive, such as {@code faults =
   * "status=429,retry-after=0@first=2"} or {@code "cut-after=5"}; see {@link dev.llmreplay.Faults}
   * for the spec. Call counts start afresh for each test. Left out: the next annotation's, else
   * none. Overridden by {@code -Dllmreplay.faults} / {@code LLM_REPLAY_FAULTS}.
   */
  String faults() default "";

  /**
   * Whether a live stream that fails mid-way while recording is written with its failure (and
   * replays that way), such as {@code recordFailures = true}. Left out: false.
   */
  boolean[] recordFailures() default {};
}
