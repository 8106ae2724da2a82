/**
 * The {@code llm-replay} command line: {@code serve}, {@code verify}, {@code show}, {@code explain}
 * and {@code prune} (picocli). Entry point {@link dev.llmreplay.internal.cli.Main}; packaged as the
 * runnable {@code llm-replay-VERSION-all.jar}.
 */
package dev.llmreplay.internal.cli;
