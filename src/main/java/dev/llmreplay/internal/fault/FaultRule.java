package dev.llmreplay.internal.fault;

import java.util.List;

/** One rule of a fault spec: an action and the scopes that must all hold (none: every call). */
public record FaultRule(FaultAction action, List<FaultScope> scopes) {
  public FaultRule {
    scopes = List.copyOf(scopes);
  }

  public boolean matches(Call call) {
    for (FaultScope s : scopes) {
      if (!s.matches(call)) return false;
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(action.spec());
    for (FaultScope s : scopes) sb.append('@').append(s.spec());
    return sb.toString();
  }
}
