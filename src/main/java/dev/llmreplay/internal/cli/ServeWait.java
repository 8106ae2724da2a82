package dev.llmreplay.internal.cli;

import dev.llmreplay.server.ReplayServer;
import java.util.concurrent.CountDownLatch;

/** How {@code serve} waits once its server runs; tests swap in their own. */
@FunctionalInterface
interface ServeWait {
  /** Until Ctrl-C (or any JVM shutdown): a shutdown hook closes the server. */
  ServeWait UNTIL_SHUTDOWN =
      server -> {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      server.close();
                      stopped.countDown();
                    },
                    "llm-replay-shutdown"));
        stopped.await();
      };

  /** Returns when serving should end; the caller then closes the server. */
  void await(ReplayServer server) throws Exception;
}
