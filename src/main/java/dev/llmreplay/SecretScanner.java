package dev.llmreplay;

import dev.llmreplay.internal.redact.JsonPointers;
import dev.llmreplay.internal.redact.Scanner;
import dev.llmreplay.internal.redact.SecretRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The last line of defence before a fixture reaches the disk: which strings that look like
 * credentials refuse a fixture write, anywhere in it (values and object keys). Immutable and
 * thread-safe.
 *
 * <p>Built-in kinds: OpenAI ({@code sk-}, {@code sk-proj-}, {@code sk-svcacct-}), Anthropic ({@code
 * sk-ant-}), Google ({@code AIza} + 35), GitHub ({@code ghp_} and kin, {@code github_pat_}), AWS
 * access key ids ({@code AKIA}/{@code ASIA} + 16), Hugging Face ({@code hf_}), Slack ({@code
 * xox?-}), JSON Web Tokens and {@code Bearer} tokens. To stay quiet on ordinary model output
 * ("sk-learn", "task-force", "Bearer of bad news") a match must start at a word boundary, be long
 * enough, and for the kinds whose real keys always carry digits, contain a digit.
 *
 * <p>Cost: one walk over the tree; a kind's regex is tried only where one of its literal prefixes
 * ("triggers", e.g. {@code sk-}, {@code AIza}) starts, never at every character. A pattern added
 * without triggers is searched for in every string.
 */
public final class SecretScanner {
  private static final SecretScanner DEFAULTS = builder().build();

  private final List<SecretRule> rules;
  private final List<String> allowedPointers;
  private final Set<String> allowedValues;

  /** The engine applying these settings; internals reach it through the API bridge. */
  private final Scanner scanner;

  private SecretScanner(Builder b) {
    this.rules = List.copyOf(b.rules);
    this.allowedPointers = List.copyOf(b.allowedPointers);
    this.allowedValues = Set.copyOf(b.allowedValues);
    this.scanner = new Scanner(rules, allowedPointers, allowedValues, SecretFinding::new);
  }

  /** A builder holding the built-in kinds, no allowances. */
  public static Builder builder() {
    return new Builder();
  }

  /** The scanner with the built-in kinds and no allowances. */
  public static SecretScanner defaults() {
    return DEFAULTS;
  }

  /** A builder holding this scanner's kinds and allowances, to add more. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.rules.clear();
    b.rules.addAll(rules);
    b.allowedPointers.addAll(allowedPointers);
    b.allowedValues.addAll(allowedValues);
    return b;
  }

  Scanner scanner() {
    return scanner;
  }

  /** Builds a {@link SecretScanner}; starts from the built-in kinds. */
  public static final class Builder {
    private final List<SecretRule> rules = new ArrayList<>(SecretRule.BUILT_IN);
    private final Set<String> allowedPointers = new LinkedHashSet<>();
    private final Set<String> allowedValues = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Allows every finding at or under this RFC 6901 pointer, by whole segments: {@code
     * /request/headers} covers {@code /request/headers/x-key} but not {@code /request/headersX}.
     */
    public Builder allow(String jsonPointerPrefix) {
      allowedPointers.add(JsonPointers.requireValid(jsonPointerPrefix));
      return this;
    }

    /**
     * Allows one literal value, e.g. a fake key used in tests. It must equal the matched secret
     * (for a Bearer token: the token, or the whole {@code Bearer …} text).
     */
    public Builder allowValue(String literal) {
      if (literal == null || literal.isEmpty()) {
        throw new IllegalArgumentException("allowed value must not be empty");
      }
      allowedValues.add(literal);
      return this;
    }

    /**
     * Adds a kind of secret. If the pattern has a named group {@code secret}, that group is the
     * secret (masked and compared with allowed values); otherwise the whole match is. With {@code
     * triggers} (non-empty, case-sensitive literals), the pattern is tried only where a trigger
     * starts, so a match must begin with one; without triggers it is searched for in every string,
     * which costs a regex pass over all text.
     */
    public Builder addPattern(String kind, Pattern pattern, String... triggers) {
      if (kind == null || kind.isBlank()) {
        throw new IllegalArgumentException("kind must not be blank");
      }
      Objects.requireNonNull(pattern, "pattern");
      for (String t : triggers) {
        if (t == null || t.isEmpty()) {
          throw new IllegalArgumentException("trigger must not be empty");
        }
      }
      // A match starts with a trigger, so it is at least as long as the shortest one.
      int minLength = Arrays.stream(triggers).mapToInt(String::length).min().orElse(1);
      rules.add(new SecretRule(kind, pattern, minLength, false, List.of(triggers)));
      return this;
    }

    /** The immutable scanner. */
    public SecretScanner build() {
      return new SecretScanner(this);
    }
  }
}
