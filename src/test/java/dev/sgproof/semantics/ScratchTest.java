package dev.sgproof.semantics;

import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void show() {
    LoadResult r = Specs.loadResource(ScratchTest.class, "language_example.sg");
    System.out.println(Specs.describe(r));
    if (!r.hasErrors()) {
      r.spec().network().groups().forEach(g -> { System.out.println(g.name() + " " + g.type() + " " + g.policy()); g.rules().forEach(x -> System.out.println("  " + x.text() + " @" + x.span())); });
      r.spec().network().nics().forEach(System.out::println);
      r.spec().assertions().forEach(System.out::println);
    }
    for (String t : new String[] {
        "group G { ingress allow 80 from 1.2.3.4 }",
        "group Web basic {\n ingress allow tcp 80 from 1.2.3.4\n",
        "group Web basic {\n ingress allow tcp 80 from 1.2.3.4\ngroup X\n",
        "assert \"abc: A -> B reachable\ngroup X",
        "group G $ basic\ngroup H { ingress allow tcp 80 from 1.2.3.4 priority }\ninstance I ip 10.0.0.1 in G H\n",
        "group G { ingress allow tcp 80 from 1.2.3.4\n egress allow tcp 99999 from ::/0 sport 5-3 priority 0\n ingress deny udp 1-2,3 to group X\n }\n instance A ip 10.0.0.1/24, fe80::1, 10.0.0.1\n assert A -> A reachable\n assert internet -> 8.8.8.8 reachable\n",
    }) {
      System.out.println("=== " + t);
      System.out.println(Specs.describe(Specs.load(t)));
    }
  }
}
