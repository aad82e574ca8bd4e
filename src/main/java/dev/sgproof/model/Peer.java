package dev.sgproof.model;

import java.util.Objects;

/** What a rule names on the far side: an address block or the members of another group. */
public sealed interface Peer permits Peer.CidrPeer, Peer.GroupPeer {

  /** An IPv4 or IPv6 block; `any` in the language becomes one rule per version. */
  record CidrPeer(Cidr cidr) implements Peer {
    public CidrPeer {
      Objects.requireNonNull(cidr, "cidr");
    }

    @Override
    public String toString() {
      return cidr.toString();
    }
  }

  /** Every private address of every NIC that is a member of the named group. */
  record GroupPeer(String group) implements Peer {
    public GroupPeer {
      Objects.requireNonNull(group, "group");
    }

    @Override
    public String toString() {
      return "group " + group;
    }
  }
}
