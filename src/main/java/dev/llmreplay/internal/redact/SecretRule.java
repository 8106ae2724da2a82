package dev.llmreplay.internal.redact;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One kind of secret a {@code SecretScanner} looks for: its pattern and the literal prefixes
 * ("triggers") that gate it.
 *
 * @param kind what the secret looks like, e.g. "OpenAI API key"
 * @param pattern matches the secret, or a text holding it in a named group {@code secret}
 * @param minLength the length of the shortest text the pattern matches
 * @param needsDigit whether a match without a digit is ignored (real keys of the kind have digits)
 * @param triggers case-sensitive literals a match starts with; empty: searched for everywhere
 */
public record SecretRule(
    String kind, Pattern pattern, int minLength, boolean needsDigit, List<String> triggers) {
  /** Characters that may not directly precede a key: keeps "task-…" and base64 runs quiet. */
  private static final String TOKEN_START = "(?<![A-Za-z0-9_-])";

  /**
   * The built-in kinds, most specific first: where matches overlap, the earlier kind is reported.
   * The minimum lengths are those of the shortest text each pattern matches.
   */
  public static final List<SecretRule> BUILT_IN =
      List.of(
          builtIn("Anthropic API key", TOKEN_START + "sk-ant-[A-Za-z0-9_-]{20,}", 27, true, "sk-"),
          // sk-proj-, sk-svcacct- and sk-admin- keys are in the character class too.
          builtIn("OpenAI API key", TOKEN_START + "sk-(?!ant-)[A-Za-z0-9_-]{20,}", 23, true, "sk-"),
          builtIn("Google API key", TOKEN_START + "AIza[0-9A-Za-z_-]{35}", 39, false, "AIza"),
          builtIn(
              "GitHub token",
              "(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}",
              40,
              false,
              "ghp_",
              "gho_",
              "ghu_",
              "ghs_",
              "ghr_"),
          builtIn(
              "GitHub token",
              TOKEN_START + "github_pat_[A-Za-z0-9_]{22,}",
              33,
              false,
              "github_pat_"),
          builtIn(
              "AWS access key id",
              "(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])",
              20,
              false,
              "AKIA",
              "ASIA"),
          // Hugging Face tokens are letters only, so no digit is required.
          builtIn("Hugging Face token", "(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}", 33, false, "hf_"),
          builtIn("Slack token", TOKEN_START + "xox[baprs]-[A-Za-z0-9-]{10,}", 15, true, "xox"),
          builtIn(
              "JSON Web Token",
              TOKEN_START + "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*",
              24,
              false,
              "eyJ"),
          builtIn(
              "Bearer token",
              TOKEN_START + "(?:Bearer|bearer|BEARER)\\s+(?<secret>[A-Za-z0-9._~+/=-]{16,})",
              23,
              true,
              "Bearer",
              "bearer",
              "BEARER"));

  public SecretRule {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pattern, "pattern");
    triggers = List.copyOf(triggers);
  }

  private static SecretRule builtIn(
      String kind, String regex, int minLength, boolean needsDigit, String... triggers) {
    return new SecretRule(kind, Pattern.compile(regex), minLength, needsDigit, List.of(triggers));
  }

  /** Whether the secret is the named group {@code secret} rather than the whole match. */
  boolean hasSecretGroup() {
    // Pattern.namedGroups() is public only from Java 20; the group's syntax is unambiguous.
    return pattern.pattern().contains("(?<secret>");
  }
}
