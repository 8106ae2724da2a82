package dev.llmreplay.redact;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence before a fixture reaches the disk: finds strings that look like
 * credentials anywhere in a JSON tree (values and object keys) or in plain text. Immutable and
 * thread-safe.
 *
 * <p>Built-in kinds: OpenAI ({@code sk-}, {@code sk-proj-}, {@code sk-svcacct-}), Anthropic
 * ({@code sk-ant-}), Google ({@code AIza} + 35), GitHub ({@code ghp_} and kin, {@code
 * github_pat_}), AWS access key ids ({@code AKIA}/{@code ASIA} + 16), Hugging Face ({@code hf_}),
 * Slack ({@code xox?-}), JSON Web Tokens and {@code Bearer} tokens. To stay quiet on ordinary model
 * output ("sk-learn", "task-force", "Bearer of bad news") a match must start at a word boundary,
 * be long enough, and for the kinds whose real keys always carry digits, contain a digit.
 *
 * <p>Cost: one pass over each string looks for the kinds' literal prefixes ("triggers"); a kind's
 * regex runs only on strings that contain one of its triggers. A pattern added without triggers
 * runs on every string.
 */
public final class SecretScanner {
  /** Characters that may not directly precede a key: keeps "task-…" and base64 runs quiet. */
  private static final String B = "(?<![A-Za-z0-9_-])";

  private static final List<Rule> DEFAULT_RULES =
      List.of(
          new Rule("Anthropic API key", Pattern.compile(B + "sk-ant-[A-Za-z0-9_-]{20,}"), true,
              "sk-"),
          // sk-proj-, sk-svcacct- and sk-admin- keys are in the character class too.
          new Rule("OpenAI API key", Pattern.compile(B + "sk-(?!ant-)[A-Za-z0-9_-]{20,}"), true,
              "sk-"),
          new Rule("Google API key", Pattern.compile(B + "AIza[0-9A-Za-z_-]{35}"), false, "AIza"),
          new Rule("GitHub token",
              Pattern.compile("(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}"), false,
              "ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
          new Rule("GitHub token", Pattern.compile(B + "github_pat_[A-Za-z0-9_]{22,}"), false,
              "github_pat_"),
          new Rule("AWS access key id",
              Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])"), false,
              "AKIA", "ASIA"),
          // Hugging Face tokens are letters only, so no digit is required.
          new Rule("Hugging Face token",
              Pattern.compile("(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}"), false, "hf_"),
          new Rule("Slack token", Pattern.compile(B + "xox[baprs]-[A-Za-z0-9-]{10,}"), true,
              "xox"),
          new Rule("JSON Web Token",
              Pattern.compile(B + "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"),
              false, "eyJ"),
          // Last, so that "Bearer sk-…" is reported as the more specific kind.
          new Rule("Bearer token",
              Pattern.compile(
                  B + "(?:Bearer|bearer|BEARER)\\s+(?<secret>[A-Za-z0-9._~+/=-]{16,})"),
              true, "Bearer", "bearer", "BEARER"));

  private static final SecretScanner DEFAULTS = builder().build();

  private final List<Rule> rules;
  private final List<String> allowedPointers;
  private final Set<String> allowedValues;
  /** Distinct trigger strings; a rule's {@code triggerMask} has bit i for {@code triggers[i]}. */
  private final String[] triggers;
  /** For each ASCII char, the ids of the triggers starting with it (null: none). */
  private final int[][] triggersByFirstChar;
  private final long[] ruleMasks;

  private SecretScanner(Builder b) {
    this.rules = List.copyOf(b.rules);
    this.allowedPointers = List.copyOf(b.allowedPointers);
    this.allowedValues = Set.copyOf(b.allowedValues);
    List<String> distinct = new ArrayList<>();
    this.ruleMasks = new long[rules.size()];
    for (int r = 0; r < rules.size(); r++) {
      for (String t : rules.get(r).triggers) {
        int id = distinct.indexOf(t);
        if (id < 0) {
          id = distinct.size();
          distinct.add(t);
        }
        if (id >= Long.SIZE) {
          throw new IllegalArgumentException("at most 64 distinct triggers are supported");
        }
        ruleMasks[r] |= 1L << id;
      }
    }
    this.triggers = distinct.toArray(new String[0]);
    this.triggersByFirstChar = new int[128][];
    for (int id = 0; id < triggers.length; id++) {
      char first = triggers[id].charAt(0);
      int[] old = triggersByFirstChar[first];
      int[] grown = old == null ? new int[1] : java.util.Arrays.copyOf(old, old.length + 1);
      grown[grown.length - 1] = id;
      triggersByFirstChar[first] = grown;
    }
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

  /**
   * Every suspected secret in the tree — in string values and object keys, at any depth — in
   * document order (within one string, by position). Numbers, booleans and binary nodes are not
   * looked at. Empty when the tree is clean.
   */
  public List<SecretFinding> scan(JsonNode root) {
    Objects.requireNonNull(root, "root");
    List<SecretFinding> out = new ArrayList<>();
    StringBuilder pointer = new StringBuilder(64);
    if (!isAllowedNode(pointer)) {
      visit(root, pointer, out);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Suspected secrets in non-JSON text (e.g. a raw body), reported at {@code pointer}. Allowances
   * apply as for {@link #scan}: nothing is reported when {@code pointer} is at or under an allowed
   * prefix.
   */
  public List<SecretFinding> scanString(String pointer, String text) {
    JsonPointers.requireValid(pointer);
    Objects.requireNonNull(text, "text");
    for (String allowed : allowedPointers) {
      if (allowed.isEmpty()
          || pointer.equals(allowed)
          || (pointer.startsWith(allowed) && pointer.charAt(allowed.length()) == '/')) {
        return List.of();
      }
    }
    List<SecretFinding> out = new ArrayList<>();
    scanText(pointer, text, false, out);
    return Collections.unmodifiableList(out);
  }

  private void visit(JsonNode node, StringBuilder pointer, List<SecretFinding> out) {
    if (node.isTextual()) {
      scanText(pointer, node.textValue(), false, out);
    } else if (node.isObject()) {
      int length = pointer.length();
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        String key = member.getKey();
        JsonPointers.appendKey(pointer, key);
        if (!isAllowedNode(pointer)) {
          // A key's findings name the object: the member's pointer would spell out the secret.
          scanText(pointer.subSequence(0, length), key, true, out);
          visit(member.getValue(), pointer, out);
        }
        pointer.setLength(length);
      }
    } else if (node.isArray()) {
      int length = pointer.length();
      for (int i = 0; i < node.size(); i++) {
        pointer.append('/').append(i);
        if (!isAllowedNode(pointer)) {
          visit(node.get(i), pointer, out);
        }
        pointer.setLength(length);
      }
    }
  }

  /**
   * Whether this node's subtree is allowed. Checking equality at every node suffices: each pointer
   * under an allowed prefix passes through the node the prefix names.
   */
  private boolean isAllowedNode(CharSequence pointer) {
    for (String allowed : allowedPointers) {
      if (allowed.contentEquals(pointer)) {
        return true;
      }
    }
    return false;
  }

  private void scanText(CharSequence pointer, String text, boolean inKey, List<SecretFinding> out) {
    long seen = triggersIn(text);
    List<Match> matches = null;
    for (int r = 0; r < rules.size(); r++) {
      long mask = ruleMasks[r];
      if (mask != 0 && (mask & seen) == 0) {
        continue;
      }
      Rule rule = rules.get(r);
      Matcher m = rule.pattern.matcher(text);
      while (m.find()) {
        int group = rule.hasSecretGroup ? m.start("secret") : -1;
        int start = group >= 0 ? group : m.start();
        int end = group >= 0 ? m.end("secret") : m.end();
        String secret = text.substring(start, end);
        if (rule.needsDigit && !hasDigit(secret)) {
          continue;
        }
        if (matches == null) {
          matches = new ArrayList<>(2);
        }
        if (overlapsAny(matches, start, end)) {
          continue; // an earlier, more specific kind already covers it
        }
        boolean allowed = allowedValues.contains(secret) || allowedValues.contains(m.group());
        // Allowed matches still claim their span, so "Bearer <allowed key>" stays quiet too.
        matches.add(new Match(start, end, rule.kind, allowed ? null : secret));
      }
    }
    if (matches == null) {
      return;
    }
    matches.sort((a, b) -> Integer.compare(a.start, b.start));
    String where = pointer.toString();
    for (Match match : matches) {
      if (match.secret != null) {
        out.add(SecretFinding.of(where, match.kind, match.secret, inKey));
      }
    }
  }

  /** One pass over the text: a bit per trigger that occurs in it. */
  private long triggersIn(String text) {
    long seen = 0;
    int[][] table = triggersByFirstChar;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 128 && table[c] != null) {
        for (int id : table[c]) {
          if (text.startsWith(triggers[id], i)) {
            seen |= 1L << id;
          }
        }
      }
    }
    return seen;
  }

  private static boolean overlapsAny(List<Match> matches, int start, int end) {
    for (Match m : matches) {
      if (start < m.end && m.start < end) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  /** A matched span; {@code secret} is null when the value is allowed. */
  private static final class Match {
    final int start;
    final int end;
    final String kind;
    final String secret;

    Match(int start, int end, String kind, String secret) {
      this.start = start;
      this.end = end;
      this.kind = kind;
      this.secret = secret;
    }
  }

  /** One kind of secret: its pattern and the literal prefixes that gate it. */
  private static final class Rule {
    final String kind;
    final Pattern pattern;
    final boolean needsDigit;
    final boolean hasSecretGroup;
    final List<String> triggers;

    Rule(String kind, Pattern pattern, boolean needsDigit, String... triggers) {
      this.kind = kind;
      this.pattern = pattern;
      this.needsDigit = needsDigit;
      // Pattern.namedGroups() is public only from Java 20; the group's syntax is unambiguous.
      this.hasSecretGroup = pattern.pattern().contains("(?<secret>");
      this.triggers = List.of(triggers);
    }
  }

  /** Builds a {@link SecretScanner}; starts from the built-in kinds. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>(DEFAULT_RULES);
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
     * secret (masked and compared with allowed values); otherwise the whole match is. The pattern
     * runs only on strings containing one of {@code triggers} (case-sensitive literal prefixes
     * starting with an ASCII character), or on every string when none are given.
     */
    public Builder addPattern(String kind, Pattern pattern, String... triggers) {
      if (kind == null || kind.isBlank()) {
        throw new IllegalArgumentException("kind must not be blank");
      }
      Objects.requireNonNull(pattern, "pattern");
      for (String t : triggers) {
        if (t == null || t.isEmpty() || t.charAt(0) >= 128) {
          throw new IllegalArgumentException(
              "trigger must be non-empty and start with an ASCII character: \"" + t + "\"");
        }
      }
      rules.add(new Rule(kind, pattern, false, triggers));
      return this;
    }

    /** The immutable scanner. */
    public SecretScanner build() {
      return new SecretScanner(this);
    }
  }
}
