/**
 * The {@code llm-replay} command line (picocli): {@code serve}, {@code verify}, {@code show},
 * {@code explain}, {@code prune}, {@code refresh} and {@code report}, as registered in {@link
 * dev.llmreplay.internal.cli.Main}'s {@code subcommands}. Packaged as the runnable {@code
 * llm-replay-VERSION-all.jar}; internal, like every package under {@code dev.llmreplay.internal}.
 */
package dev.llmreplay.internal.cli;
