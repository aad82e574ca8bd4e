package dev.sgproof.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Network;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The group graph of the HTML report: groups as nodes, every rule with a group peer as an edge
 * (ingress rules from the peer to the group, egress rules from the group to the peer), and the
 * address blocks that rules name as nodes of their own: a block that ingress rules let in (or
 * keep out) on the left as a source, a block that egress rules name on the right as a
 * destination. Edges between the same two nodes with the same action and direction are one edge
 * listing its rules. A statement with {@code any} (one rule per IP version) gives one {@code any}
 * node.
 *
 * <p>The layout is computed here, deterministically (a layered drawing: sources, then groups in
 * layers along the group-to-group edges, then destinations; long edges bend through one point
 * per layer they cross; the order in each layer by barycenter sweeps), for graphs of at most
 * {@link #LAYOUT_MAX_NODES} nodes. Bigger graphs carry no layout: the page shows the
 * neighbourhood of one group at a time.
 */
final class HtmlGraph {
  /** The most nodes drawn as one picture; bigger graphs are browsed group by group. */
  static final int LAYOUT_MAX_NODES = 60;

  private static final int NODE_HEIGHT = 46;
  private static final int BLOCK_HEIGHT = 30;
  private static final int DUMMY_HEIGHT = 14;
  private static final int ROW_GAP = 26;
  private static final int LAYER_GAP = 150;
  private static final int MARGIN = 24;
  /** A node with more edges than this is a hub: labels of its edges go beside their other end. */
  private static final int HUB_DEGREE = 8;

  private HtmlGraph() {}

  private static final class Node {
    final String id;
    final String kind; // group or block
    final String name;
    final String side; // for blocks: from or to
    int layer;
    double y;
    double x;
    double w;
    double h;
    final boolean dummy;

    Node(String id, String kind, String name, String side, boolean dummy) {
      this.id = id;
      this.kind = kind;
      this.name = name;
      this.side = side;
      this.dummy = dummy;
    }
  }

  private record EdgeKey(String from, String to, Action action, Direction direction) {}

  private static final class Edge {
    final EdgeKey key;
    final List<Rule> rules = new ArrayList<>();
    final List<Node> path = new ArrayList<>(); // from, dummies..., to (layout only)
    int parallel;
    int parallels = 1;

    Edge(EdgeKey key) {
      this.key = key;
    }
  }

  static ObjectNode build(Network n) {
    Map<String, Node> nodes = new LinkedHashMap<>();
    Map<EdgeKey, Edge> edges = new LinkedHashMap<>();
    for (Group g : n.groups()) {
      nodes.put(groupId(g.name()), new Node(groupId(g.name()), "group", g.name(), null, false));
    }
    List<Node> blocks = new ArrayList<>();
    for (Group g : n.groups()) {
      for (Rule r : g.rules()) {
        String peer = peerNode(n, g, r, nodes, blocks);
        String self = groupId(g.name());
        EdgeKey k = r.direction() == Direction.INGRESS
            ? new EdgeKey(peer, self, r.action(), r.direction())
            : new EdgeKey(self, peer, r.action(), r.direction());
        edges.computeIfAbsent(k, Edge::new).rules.add(r);
      }
    }
    blocks.forEach(b -> nodes.put(b.id, b));
    boolean laidOut = nodes.size() <= LAYOUT_MAX_NODES;
    double[] size = laidOut ? layout(n, nodes, edges) : new double[] {0, 0};
    Map<Edge, double[]> labels = laidOut ? placeLabels(nodes, edges) : Map.of();

    ObjectNode root = Json.object();
    root.put("laidOut", laidOut);
    root.put("width", Math.round(size[0]));
    root.put("height", Math.round(size[1]));
    ArrayNode ns = root.putArray("nodes");
    for (Node x : nodes.values()) {
      ObjectNode o = ns.addObject();
      o.put("id", x.id);
      o.put("kind", x.kind);
      o.put("name", x.name);
      if (x.kind.equals("group")) {
        Group g = n.groupNamed(x.name);
        o.put("type", g.type() == GroupType.BASIC ? "basic" : "advanced");
        o.put("policy", g.policy().keyword());
        o.put("members", n.members(g.name()).size());
        o.put("file", g.span().file());
        o.put("line", g.span().line());
      } else {
        o.put("side", x.side);
      }
      if (laidOut) {
        o.put("x", Math.round(x.x));
        o.put("y", Math.round(x.y));
        o.put("w", Math.round(x.w));
        o.put("h", Math.round(x.h));
      }
    }
    ArrayNode es = root.putArray("edges");
    for (Edge e : edges.values()) {
      ObjectNode o = es.addObject();
      o.put("from", e.key.from());
      o.put("to", e.key.to());
      o.put("action", e.key.action().keyword());
      o.put("direction", e.key.direction().keyword());
      o.put("label", labelText(e.key.from(), e.key.to(), e.key.action(), e.key.direction(),
          label(e.rules)));
      ArrayNode rs = o.putArray("rules");
      for (Rule r : e.rules) {
        ObjectNode ro = rs.addObject();
        ro.put("group", r.group());
        ro.put("file", r.span().file());
        ro.put("line", r.line());
        ro.put("priority", r.priority());
        ro.put("rule", r.text());
        ro.put("legacy", r.legacy());
      }
      if (laidOut) {
        double[] at = labels.get(e);
        o.put("lx", Math.round(at[0]));
        o.put("ly", Math.round(at[1]));
        ArrayNode pts = o.putArray("points");
        for (double[] p : points(e)) {
          ArrayNode pt = pts.addArray();
          pt.add(Math.round(p[0]));
          pt.add(Math.round(p[1]));
        }
      }
    }
    return root;
  }

  static String groupId(String group) {
    return "g:" + group;
  }

  /** The node a rule's peer is: its group, or the address block on the rule's side. */
  private static String peerNode(Network n, Group g, Rule r, Map<String, Node> nodes,
      List<Node> blocks) {
    if (r.peer() instanceof Peer.GroupPeer gp) {
      return groupId(gp.group());
    }
    Cidr c = ((Peer.CidrPeer) r.peer()).cidr();
    String name = c.toString();
    if (c.prefix() == 0 && isAnyStatement(g, r)) {
      name = "any";
    }
    String side = r.direction() == Direction.INGRESS ? "from" : "to";
    String id = (side.equals("from") ? "s:" : "d:") + name;
    if (blocks.stream().noneMatch(b -> b.id.equals(id))) {
      blocks.add(new Node(id, "block", name, side, false));
    }
    return id;
  }

  /** Whether the rule is one of the two rules (IPv4 and IPv6) of one statement naming {@code any}. */
  private static boolean isAnyStatement(Group g, Rule r) {
    Cidr mine = ((Peer.CidrPeer) r.peer()).cidr();
    Cidr other = mine.equals(Cidr.ANY_V4) ? Cidr.ANY_V6 : Cidr.ANY_V4;
    for (Rule x : g.rules()) {
      if (x.peer() instanceof Peer.CidrPeer cp && cp.cidr().equals(other)
          && x.span().equals(r.span()) && x.direction() == r.direction()
          && x.action() == r.action() && x.protocol() == r.protocol()
          && x.dstPorts().equals(r.dstPorts()) && x.srcPorts().equals(r.srcPorts())
          && x.priority() == r.priority() && x.legacy() == r.legacy()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The traffic of an edge's rules, short: {@code tcp 80,443; tcp 22 p100}. Rules that differ only
   * in their destination ports are one item.
   */
  static String label(List<Rule> rules) {
    Map<String, TreeSet<PortRange>> items = new LinkedHashMap<>();
    for (Rule r : rules) {
      StringBuilder k = new StringBuilder(r.protocol().keyword());
      k.append('\u0000');
      if (r.protocol().hasPorts() && !r.srcPorts().isAll()) {
        k.append(" sport ").append(r.srcPorts());
      }
      if (r.legacy()) {
        k.append(" (legacy default)");
      } else if (r.priority() != Rule.MIN_PRIORITY) {
        k.append(" p").append(r.priority());
      }
      TreeSet<PortRange> ports = items.computeIfAbsent(k.toString(), x -> new TreeSet<>());
      if (r.protocol().hasPorts() && !r.dstPorts().isAll()) {
        ports.add(r.dstPorts());
      }
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, TreeSet<PortRange>> e : items.entrySet()) {
      String[] parts = e.getKey().split("\u0000", -1);
      StringBuilder b = new StringBuilder(parts[0]);
      if (!e.getValue().isEmpty()) {
        b.append(' ');
        b.append(String.join(",", e.getValue().stream().map(PortRange::toString).toList()));
      }
      b.append(parts[1]);
      out.add(b.toString());
    }
    return String.join("; ", out);
  }

  // ---------------------------------------------------------------- layout

  /** Lays the nodes out in place; returns the drawing's width and height. */
  private static double[] layout(Network n, Map<String, Node> nodes, Map<EdgeKey, Edge> edges) {
    List<Node> groups = nodes.values().stream().filter(x -> x.kind.equals("group")).toList();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      index.put(groups.get(i).id, i);
    }
    // Group-to-group constraints (self-loops play no part), cycles broken by a depth-first search
    // in declaration order: an edge back to a node on the stack is laid out reversed.
    List<List<Integer>> succ = new ArrayList<>();
    groups.forEach(g -> succ.add(new ArrayList<>()));
    for (Edge e : edges.values()) {
      Integer a = index.get(e.key.from());
      Integer b = index.get(e.key.to());
      if (a != null && b != null && !a.equals(b) && !succ.get(a).contains(b)) {
        succ.get(a).add(b);
      }
    }
    int count = groups.size();
    int[] state = new int[count]; // 0 new, 1 on stack, 2 done
    List<int[]> dag = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      if (state[s] == 0) {
        dfs(s, succ, state, dag);
      }
    }
    boolean sources = nodes.values().stream().anyMatch(x -> "from".equals(x.side));
    int base = sources ? 1 : 0;
    int[] layer = new int[count];
    java.util.Arrays.fill(layer, base);
    // Longest path over the acyclic constraints, in topological order (Kahn, lowest index first).
    int[] indeg = new int[count];
    List<List<Integer>> dagSucc = new ArrayList<>();
    groups.forEach(g -> dagSucc.add(new ArrayList<>()));
    for (int[] e : dag) {
      if (!dagSucc.get(e[0]).contains(e[1])) {
        dagSucc.get(e[0]).add(e[1]);
        indeg[e[1]]++;
      }
    }
    java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
    for (int i = 0; i < count; i++) {
      if (indeg[i] == 0) {
        ready.add(i);
      }
    }
    while (!ready.isEmpty()) {
      int u = ready.poll();
      for (int v : dagSucc.get(u)) {
        layer[v] = Math.max(layer[v], layer[u] + 1);
        if (--indeg[v] == 0) {
          ready.add(v);
        }
      }
    }
    int last = base;
    for (int i = 0; i < count; i++) {
      groups.get(i).layer = layer[i];
      last = Math.max(last, layer[i]);
    }
    for (Node x : nodes.values()) {
      if ("from".equals(x.side)) {
        x.layer = 0;
      } else if ("to".equals(x.side)) {
        x.layer = last + 1;
      }
    }
    int layers = last + 2;
    List<List<Node>> byLayer = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      byLayer.add(new ArrayList<>());
    }
    for (Node x : nodes.values()) {
      x.h = x.kind.equals("group") ? NODE_HEIGHT : BLOCK_HEIGHT;
      x.w = width(n, x);
      byLayer.get(x.layer).add(x);
    }
    // Paths through one dummy per layer crossed; self-loops have none.
    Map<EdgeKey, List<Node>> shared = new HashMap<>();
    int dummies = 0;
    for (Edge e : edges.values()) {
      Node a = nodes.get(e.key.from());
      Node b = nodes.get(e.key.to());
      e.path.add(a);
      if (a != b) {
        // Parallel edges (same two nodes) share their bends.
        EdgeKey pair = new EdgeKey(e.key.from(), e.key.to(), Action.ALLOW, Direction.INGRESS);
        EdgeKey rev = new EdgeKey(e.key.to(), e.key.from(), Action.ALLOW, Direction.INGRESS);
        List<Node> bends = shared.get(pair);
        if (bends == null && shared.containsKey(rev)) {
          bends = new ArrayList<>(shared.get(rev));
          java.util.Collections.reverse(bends);
        }
        if (bends == null) {
          bends = new ArrayList<>();
          int step = a.layer < b.layer ? 1 : -1;
          for (int l = a.layer + step; l != b.layer; l += step) {
            Node d = new Node("~" + dummies++, "dummy", "", null, true);
            d.layer = l;
            d.h = DUMMY_HEIGHT;
            d.w = 0;
            byLayer.get(l).add(d);
            bends.add(d);
          }
          shared.put(pair, bends);
        }
        e.path.addAll(bends);
      }
      e.path.add(b);
    }
    for (Edge e : edges.values()) {
      List<Edge> same = edges.values().stream()
          .filter(o -> o.path.get(0) == e.path.get(0) && o.path.get(o.path.size() - 1)
              == e.path.get(e.path.size() - 1)
              || o.path.get(0) == e.path.get(e.path.size() - 1)
              && o.path.get(o.path.size() - 1) == e.path.get(0))
          .toList();
      e.parallels = same.size();
      e.parallel = same.indexOf(e);
    }
    // Neighbours in adjacent layers, for the ordering and the vertical placement.
    Map<Node, List<Node>> up = new HashMap<>();
    Map<Node, List<Node>> down = new HashMap<>();
    for (Edge e : edges.values()) {
      for (int i = 0; i + 1 < e.path.size(); i++) {
        Node a = e.path.get(i);
        Node b = e.path.get(i + 1);
        if (a == b) {
          continue;
        }
        Node left = a.layer < b.layer ? a : b;
        Node right = a.layer < b.layer ? b : a;
        if (right.layer - left.layer != 1) {
          continue;
        }
        up.computeIfAbsent(right, k -> new ArrayList<>()).add(left);
        down.computeIfAbsent(left, k -> new ArrayList<>()).add(right);
      }
    }
    order(byLayer, up, down);
    place(byLayer, up, down);
    double x = MARGIN;
    double height = 0;
    for (List<Node> l : byLayer) {
      double w = l.stream().mapToDouble(v -> v.w).max().orElse(0);
      for (Node v : l) {
        v.x = x + w / 2;
        height = Math.max(height, v.y + v.h / 2);
      }
      x += w + LAYER_GAP;
    }
    return new double[] {x - LAYER_GAP + MARGIN, height + MARGIN};
  }

  private static void dfs(int u, List<List<Integer>> succ, int[] state, List<int[]> dag) {
    state[u] = 1;
    for (int v : succ.get(u)) {
      if (state[v] == 1) {
        dag.add(new int[] {v, u}); // a back edge, reversed
      } else {
        dag.add(new int[] {u, v});
        if (state[v] == 0) {
          dfs(v, succ, state, dag);
        }
      }
    }
    state[u] = 2;
  }

  /** Text widths of the page's system font, roughly: 7.4 px per character of 13 px text. */
  private static double width(Network n, Node x) {
    int chars = x.name.length();
    if (x.kind.equals("group")) {
      Group g = n.groupNamed(x.name);
      chars = Math.max(chars, subtitle(n, g).length() * 11 / 13);
    }
    return Math.max(64, chars * 7.4 + 26);
  }

  /** The second line of a group's node, as the page writes it. */
  static String subtitle(Network n, Group g) {
    int members = n.members(g.name()).size();
    return (g.type() == GroupType.BASIC ? "basic" : "advanced") + " \u00b7 "
        + g.policy().keyword() + " \u00b7 " + members + (members == 1 ? " NIC" : " NICs");
  }

  /** Barycenter sweeps, down then up, keeping the best order seen (fewest crossings). */
  private static void order(List<List<Node>> byLayer, Map<Node, List<Node>> up,
      Map<Node, List<Node>> down) {
    List<List<Node>> best = copy(byLayer);
    long bestCrossings = crossings(byLayer, down);
    for (int sweep = 0; sweep < 16 && bestCrossings > 0; sweep++) {
      boolean downward = sweep % 2 == 0;
      for (int k = 1; k < byLayer.size(); k++) {
        int l = downward ? k : byLayer.size() - 1 - k;
        List<Node> fixed = byLayer.get(downward ? l - 1 : l + 1);
        Map<Node, List<Node>> nbrs = downward ? up : down;
        sortByBarycenter(byLayer.get(l), fixed, nbrs);
      }
      long c = crossings(byLayer, down);
      if (c < bestCrossings) {
        bestCrossings = c;
        best = copy(byLayer);
      }
    }
    for (int i = 0; i < byLayer.size(); i++) {
      byLayer.set(i, best.get(i));
    }
  }

  private static void sortByBarycenter(List<Node> layer, List<Node> fixed,
      Map<Node, List<Node>> nbrs) {
    Map<Node, Integer> pos = new HashMap<>();
    for (int i = 0; i < fixed.size(); i++) {
      pos.put(fixed.get(i), i);
    }
    Map<Node, Double> key = new HashMap<>();
    for (int i = 0; i < layer.size(); i++) {
      Node v = layer.get(i);
      List<Node> ns = nbrs.getOrDefault(v, List.of());
      double sum = 0;
      int c = 0;
      for (Node u : ns) {
        Integer p = pos.get(u);
        if (p != null) {
          sum += p;
          c++;
        }
      }
      // Nodes without neighbours there keep their place, scaled to the other layer.
      key.put(v, c > 0 ? sum / c
          : (fixed.isEmpty() ? i : i * (double) fixed.size() / Math.max(1, layer.size())));
    }
    layer.sort(java.util.Comparator.comparingDouble(key::get)); // stable: ties keep their order
  }

  private static long crossings(List<List<Node>> byLayer, Map<Node, List<Node>> down) {
    long total = 0;
    for (int l = 0; l + 1 < byLayer.size(); l++) {
      Map<Node, Integer> pos = new HashMap<>();
      List<Node> next = byLayer.get(l + 1);
      for (int i = 0; i < next.size(); i++) {
        pos.put(next.get(i), i);
      }
      List<int[]> segs = new ArrayList<>();
      List<Node> cur = byLayer.get(l);
      for (int i = 0; i < cur.size(); i++) {
        for (Node v : down.getOrDefault(cur.get(i), List.of())) {
          Integer p = pos.get(v);
          if (p != null) {
            segs.add(new int[] {i, p});
          }
        }
      }
      for (int i = 0; i < segs.size(); i++) {
        for (int j = i + 1; j < segs.size(); j++) {
          int[] a = segs.get(i);
          int[] b = segs.get(j);
          if ((a[0] - b[0]) * (long) (a[1] - b[1]) < 0) {
            total++;
          }
        }
      }
    }
    return total;
  }

  private static List<List<Node>> copy(List<List<Node>> byLayer) {
    List<List<Node>> out = new ArrayList<>();
    byLayer.forEach(l -> out.add(new ArrayList<>(l)));
    return out;
  }

  /**
   * Vertical places: each layer stacked in its order, then a few passes that pull each node
   * towards the mean of its neighbours while keeping the order and the gaps.
   */
  private static void place(List<List<Node>> byLayer, Map<Node, List<Node>> up,
      Map<Node, List<Node>> down) {
    double tallest = 0;
    for (List<Node> l : byLayer) {
      tallest = Math.max(tallest, stackHeight(l));
    }
    for (List<Node> l : byLayer) {
      double y = MARGIN + (tallest - stackHeight(l)) / 2;
      for (Node v : l) {
        v.y = y + v.h / 2;
        y += v.h + ROW_GAP;
      }
    }
    for (int pass = 0; pass < 8; pass++) {
      boolean downward = pass % 2 == 0;
      for (int k = 0; k < byLayer.size(); k++) {
        int l = downward ? k : byLayer.size() - 1 - k;
        List<Node> layer = byLayer.get(l);
        double[] want = new double[layer.size()];
        for (int i = 0; i < layer.size(); i++) {
          Node v = layer.get(i);
          List<Node> ns = new ArrayList<>(up.getOrDefault(v, List.of()));
          ns.addAll(down.getOrDefault(v, List.of()));
          want[i] = ns.isEmpty() ? v.y : ns.stream().mapToDouble(u -> u.y).average().orElse(v.y);
        }
        // Keep the order and the gaps: push down from the top, then up from the bottom, and take
        // the mean of the two, so a layer is not pushed all to one side.
        double[] a = new double[layer.size()];
        for (int i = 0; i < layer.size(); i++) {
          double min = i == 0 ? MARGIN + layer.get(i).h / 2
              : a[i - 1] + gap(layer.get(i - 1), layer.get(i));
          a[i] = Math.max(want[i], min);
        }
        double[] b = new double[layer.size()];
        for (int i = layer.size() - 1; i >= 0; i--) {
          double max = i == layer.size() - 1 ? Double.MAX_VALUE
              : b[i + 1] - gap(layer.get(i), layer.get(i + 1));
          b[i] = Math.min(want[i], max);
        }
        double[] c = new double[layer.size()];
        for (int i = 0; i < layer.size(); i++) {
          double min = i == 0 ? MARGIN + layer.get(i).h / 2
              : c[i - 1] + gap(layer.get(i - 1), layer.get(i));
          c[i] = Math.max((a[i] + b[i]) / 2, min);
        }
        for (int i = 0; i < layer.size(); i++) {
          layer.get(i).y = c[i];
        }
      }
    }
    double top = Double.MAX_VALUE;
    for (List<Node> l : byLayer) {
      for (Node v : l) {
        top = Math.min(top, v.y - v.h / 2);
      }
    }
    double shift = MARGIN - top;
    for (List<Node> l : byLayer) {
      for (Node v : l) {
        v.y += shift;
      }
    }
  }

  private static double gap(Node a, Node b) {
    return a.h / 2 + b.h / 2 + (a.dummy || b.dummy ? ROW_GAP / 2.0 : ROW_GAP);
  }

  private static double stackHeight(List<Node> l) {
    double h = 0;
    for (Node v : l) {
      h += v.h + ROW_GAP;
    }
    return Math.max(0, h - ROW_GAP);
  }

  /** The text of an edge's label as the page writes it (deny first, egress between groups). */
  static String labelText(String from, String to, Action action, Direction direction,
      String label) {
    return (action == Action.DENY ? "deny " : "") + label
        + (direction == Direction.EGRESS && to.startsWith("g:") && from.startsWith("g:")
            ? " (egress)" : "");
  }

  /**
   * Where each edge's label goes: the first of a few places along its middle segment (its
   * middle, then further out on either side; above the line, else below it) where the label's
   * box, estimated from its length, overlaps no node and no label placed before; else beside
   * one of its ends (first, for an edge of a hub); above the middle when none is free. The page
   * cuts labels to 30 characters.
   */
  private static Map<Edge, double[]> placeLabels(Map<String, Node> nodes,
      Map<EdgeKey, Edge> edges) {
    List<double[]> taken = new ArrayList<>(); // x1, y1, x2, y2
    for (Node v : nodes.values()) {
      taken.add(new double[] {v.x - v.w / 2, v.y - v.h / 2, v.x + v.w / 2, v.y + v.h / 2});
    }
    Map<Edge, double[]> out = new HashMap<>();
    double[] ts = {0.5, 0.35, 0.65, 0.22, 0.78, 0.12, 0.88};
    Map<String, Integer> degree = new HashMap<>();
    for (EdgeKey k : edges.keySet()) {
      degree.merge(k.from(), 1, Integer::sum);
      degree.merge(k.to(), 1, Integer::sum);
    }
    for (Edge e : edges.values()) {
      String text = labelText(e.key.from(), e.key.to(), e.key.action(), e.key.direction(),
          label(e.rules));
      double w = Math.min(30, text.length()) * 6.4 + 4;
      double h = 13;
      List<double[]> p = points(e);
      double[] best;
      if (p.isEmpty()) {
        Node v = e.path.get(0);
        best = new double[] {v.x, v.y - v.h / 2 - 34};
      } else {
        int mid = (p.size() - 1) / 2;
        double[] a = p.get(mid);
        double[] b = p.get(mid + 1);
        // An edge of a hub: the middles of the hub's edges crowd together, but their other ends
        // lie a row apart, so its label goes beside the other end when there is room.
        int from = degree.get(e.key.from());
        int to = degree.get(e.key.to());
        best = Math.max(from, to) > HUB_DEGREE ? besideAnEnd(p, w, h, taken, from > to) : null;
        if (best == null) {
          search:
          for (double t : ts) {
            double[] at = bezier(a, b, t);
            for (double dy : new double[] {-5, 13}) { // the baseline above the line, or below it
              double[] box = {at[0] - w / 2, at[1] + dy - h + 3, at[0] + w / 2, at[1] + dy + 3};
              if (taken.stream().noneMatch(x -> overlaps(x, box))) {
                best = new double[] {at[0], at[1] + dy};
                break search;
              }
            }
          }
        }
        if (best == null) {
          best = besideAnEnd(p, w, h, taken, true);
        }
        if (best == null) {
          double[] at = bezier(a, b, 0.5);
          best = new double[] {at[0], at[1] - 5};
        }
      }
      taken.add(new double[] {best[0] - w / 2, best[1] - h + 3, best[0] + w / 2, best[1] + 3});
      out.put(e, best);
    }
    return out;
  }

  /**
   * A free place for a label beside one end of an edge, on the side the edge leaves or arrives
   * by, or null: where many edges converge on one node (a hub), the middles of its edges crowd
   * together, but their other ends lie a row apart.
   */
  private static double[] besideAnEnd(List<double[]> p, double w, double h,
      List<double[]> taken, boolean lastFirst) {
    double[] first = p.get(0);
    double[] last = p.get(p.size() - 1);
    double out = p.get(1)[0] >= first[0] ? 1 : -1; // the edge leaves its start to the right
    double in = p.get(p.size() - 2)[0] <= last[0] ? -1 : 1; // it arrives from the left
    double[][] ends = lastFirst ? new double[][] {last, {in}, first, {out}}
        : new double[][] {first, {out}, last, {in}};
    double[][] anchors = new double[4][];
    for (int k = 0; k < 4; k++) {
      double[] end = ends[2 * (k % 2)];
      double side = ends[2 * (k % 2) + 1][0];
      anchors[k] = new double[] {end[0] + side * (k < 2 ? w / 2 + 6 : w * 1.5 + 12), end[1]};
    }
    for (double[] at : anchors) {
      for (double dy : new double[] {-5, 13, -18, 26, -31, 39}) {
        double[] box = {at[0] - w / 2, at[1] + dy - h + 3, at[0] + w / 2, at[1] + dy + 3};
        if (taken.stream().noneMatch(x -> overlaps(x, box))) {
          return new double[] {at[0], at[1] + dy};
        }
      }
    }
    return null;
  }

  /** The page's curve between two points: a cubic with horizontal tangents at both ends. */
  private static double[] bezier(double[] a, double[] b, double t) {
    double dx = (b[0] - a[0]) / 2;
    double[] c1 = {a[0] + dx, a[1]};
    double[] c2 = {b[0] - dx, b[1]};
    double u = 1 - t;
    double x = u * u * u * a[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t * t * t * b[0];
    double y = u * u * u * a[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t * t * t * b[1];
    return new double[] {x, y};
  }

  private static boolean overlaps(double[] a, double[] b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  /**
   * The points of an edge: out of the right side of its start (the left side when it runs back),
   * through its bends, into the other side of its end; parallel edges a few pixels apart. A
   * self-loop gives no points (the page draws a loop on the node).
   */
  private static List<double[]> points(Edge e) {
    List<double[]> out = new ArrayList<>();
    Node a = e.path.get(0);
    Node b = e.path.get(e.path.size() - 1);
    if (a == b) {
      return out;
    }
    double offset = (e.parallel - (e.parallels - 1) / 2.0) * 7;
    boolean forward = a.layer < b.layer;
    out.add(new double[] {a.x + (forward ? a.w / 2 : -a.w / 2), a.y + offset});
    for (int i = 1; i + 1 < e.path.size(); i++) {
      Node d = e.path.get(i);
      out.add(new double[] {d.x, d.y + offset});
    }
    out.add(new double[] {b.x + (forward ? -b.w / 2 : b.w / 2), b.y + offset});
    return out;
  }
}
