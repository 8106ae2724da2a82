package dev.llmreplay.internal.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed fault spec: rules in the order written. Immutable. {@link #toString()} writes it back in
 * a canonical form that parses to an equal spec.
 */
public final class FaultSpec {
  private static final FaultSpec NONE = new FaultSpec(List.of());

  private final List<FaultRule> rules;

  FaultSpec(List<FaultRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static FaultSpec none() {
    return NONE;
  }

  /**
   * Parses {@code ACTION[@SCOPE]...} rules separated by {@code ;}; blank or {@code none} is no
   * faults.
   *
   * @throws IllegalArgumentException naming the column of the problem and the valid actions and
   *     scopes
   */
  public static FaultSpec parse(String spec) {
    return FaultSpecParser.parse(spec);
  }

  public List<FaultRule> rules() {
    return rules;
  }

  public boolean isNone() {
    return rules.isEmpty();
  }

  /** This spec's rules, then {@code more}'s. */
  public FaultSpec then(FaultSpec more) {
    if (more.isNone()) return this;
    if (isNone()) return more;
    List<FaultRule> all = new ArrayList<>(rules);
    all.addAll(more.rules);
    return new FaultSpec(all);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultSpec && ((FaultSpec) o).rules.equals(rules);
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  /** The rules joined by {@code ;}, or {@code none}. */
  @Override
  public String toString() {
    if (rules.isEmpty()) return "none";
    StringBuilder sb = new StringBuilder();
    for (FaultRule r : rules) {
      if (sb.length() > 0) sb.append(';');
      sb.append(r);
    }
    return sb.toString();
  }
}
