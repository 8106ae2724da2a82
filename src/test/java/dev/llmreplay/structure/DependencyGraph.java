package dev.llmreplay.structure;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who depends on whom among the library's classes, folded into the units {@link PackageCyclesTest}
 * checks: each internal package is one node, each top-level type of an API package is a node of its
 * own (nested types fold into it). An edge remembers one class-level reference that makes it, so a
 * reported cycle can be traced.
 */
final class DependencyGraph {
  private static final String INTERNAL = "dev.llmreplay.internal.";

  /** Node to node to one reference that makes the edge ({@code from.Class -> to.Class}). */
  private final Map<String, Map<String, String>> edges = new TreeMap<>();

  /** The graph of the compiled classes under {@code root}. */
  static DependencyGraph of(Path root) {
    DependencyGraph g = new DependencyGraph();
    for (String from : ClassFiles.names(root)) {
      for (String to : ClassFiles.references(root, from)) g.addReference(from, to);
    }
    return g;
  }

  /** A graph from class-level references given directly (class to the classes it uses). */
  static DependencyGraph of(Map<String, Set<String>> references) {
    DependencyGraph g = new DependencyGraph();
    references.forEach((from, tos) -> tos.forEach(to -> g.addReference(from, to)));
    return g;
  }

  private void addReference(String fromClass, String toClass) {
    String from = nodeOf(fromClass);
    String to = nodeOf(toClass);
    edges.computeIfAbsent(to, k -> new TreeMap<>());
    Map<String, String> out = edges.computeIfAbsent(from, k -> new TreeMap<>());
    if (!from.equals(to)) out.putIfAbsent(to, simple(fromClass) + " uses " + simple(toClass));
  }

  /** An internal package, or an API type's top-level class. */
  static String nodeOf(String className) {
    String pkg = packageOf(className);
    if (pkg.startsWith(INTERNAL)) return pkg;
    int nested = className.indexOf('$');
    return nested < 0 ? className : className.substring(0, nested);
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  /** The package a node belongs to (an internal package node is its own). */
  private static String packageOfNode(String node) {
    return node.startsWith(INTERNAL) && !Character.isUpperCase(lastSegment(node).charAt(0))
        ? node
        : packageOf(node);
  }

  private static String lastSegment(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static String simple(String className) {
    return className.startsWith("dev.llmreplay.")
        ? className.substring("dev.llmreplay.".length())
        : className;
  }

  /**
   * Every cycle that leaves a package, one per strongly connected component, each as readable
   * lines: {@code a -> b (A.Class uses B.Class)}. Cycles among the types of one API package are
   * that package's own business and are not reported.
   */
  List<String> cyclesAcrossPackages() {
    List<String> out = new ArrayList<>();
    for (Set<String> component : components()) {
      Set<String> packages = new TreeSet<>();
      for (String node : component) packages.add(packageOfNode(node));
      if (packages.size() < 2) continue;
      out.add(describe(shortestCycle(component)));
    }
    return out;
  }

  private String describe(List<String> cycle) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cycle.size(); i++) {
      String from = cycle.get(i);
      String to = cycle.get((i + 1) % cycle.size());
      sb.append(i == 0 ? "" : "\n")
          .append("  ")
          .append(simple(from))
          .append(" -> ")
          .append(simple(to))
          .append("   (")
          .append(edges.get(from).get(to))
          .append(")");
    }
    return sb.toString();
  }

  /**
   * The shortest cycle inside a component that crosses a package boundary: a breadth-first search
   * from each node back to itself, keeping the shortest that visits two packages.
   */
  private List<String> shortestCycle(Set<String> component) {
    List<String> best = null;
    for (String start : component) {
      List<String> cycle = shortestCycleThrough(start, component);
      if (cycle == null) continue;
      Set<String> packages = new TreeSet<>();
      for (String node : cycle) packages.add(packageOfNode(node));
      if (packages.size() < 2) continue;
      if (best == null || cycle.size() < best.size()) best = cycle;
    }
    return best != null ? best : new ArrayList<>(component);
  }

  private List<String> shortestCycleThrough(String start, Set<String> component) {
    Map<String, String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      String node = queue.poll();
      for (String next : edges.get(node).keySet()) {
        if (!component.contains(next)) continue;
        if (next.equals(start)) {
          List<String> cycle = new ArrayList<>();
          for (String n = node; n != null; n = parent.get(n)) cycle.add(n);
          Collections.reverse(cycle);
          return cycle;
        }
        if (!parent.containsKey(next) && !next.equals(start)) {
          parent.put(next, node);
          queue.add(next);
        }
      }
    }
    return null;
  }

  /** Strongly connected components with more than one node (Tarjan, iteratively). */
  private List<Set<String>> components() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String root : edges.keySet()) {
      if (index.containsKey(root)) continue;
      // Each frame: a node and the iterator position over its successors.
      Deque<Map.Entry<String, List<String>>> frames = new ArrayDeque<>();
      visit(root, index, low, stack, onStack, counter, frames);
      while (!frames.isEmpty()) {
        Map.Entry<String, List<String>> frame = frames.peek();
        String node = frame.getKey();
        List<String> pending = frame.getValue();
        if (!pending.isEmpty()) {
          String next = pending.remove(0);
          if (!index.containsKey(next)) {
            visit(next, index, low, stack, onStack, counter, frames);
          } else if (onStack.contains(next)) {
            low.put(node, Math.min(low.get(node), index.get(next)));
          }
          continue;
        }
        frames.pop();
        if (!frames.isEmpty()) {
          String caller = frames.peek().getKey();
          low.put(caller, Math.min(low.get(caller), low.get(node)));
        }
        if (low.get(node).equals(index.get(node))) {
          Set<String> component = new TreeSet<>();
          String member;
          do {
            member = stack.pop();
            onStack.remove(member);
            component.add(member);
          } while (!member.equals(node));
          if (component.size() > 1) out.add(component);
        }
      }
    }
    return out;
  }

  private void visit(
      String node,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      int[] counter,
      Deque<Map.Entry<String, List<String>>> frames) {
    index.put(node, counter[0]);
    low.put(node, counter[0]);
    counter[0]++;
    stack.push(node);
    onStack.add(node);
    frames.push(Map.entry(node, new ArrayList<>(edges.get(node).keySet())));
  }

  /** Every edge, for diagnostics: node to the nodes it uses. */
  Map<String, Set<String>> edges() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    edges.forEach((k, v) -> out.put(k, new TreeSet<>(v.keySet())));
    return out;
  }
}
