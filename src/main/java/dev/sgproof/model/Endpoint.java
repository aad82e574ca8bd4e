package dev.sgproof.model;

import java.util.Objects;

/** One side of an assertion. */
public sealed interface Endpoint
    permits Endpoint.InstanceEndpoint,
        Endpoint.NicEndpoint,
        Endpoint.GroupEndpoint,
        Endpoint.CidrEndpoint,
        Endpoint.InternetEndpoint,
        Endpoint.ExternalEndpoint {

  /** Every NIC of an instance. */
  record InstanceEndpoint(String instance) implements Endpoint {
    public InstanceEndpoint {
      Objects.requireNonNull(instance, "instance");
    }

    @Override
    public String toString() {
      return instance;
    }
  }

  /** One NIC, by its id ({@code INSTANCE} or {@code INSTANCE.NIC}). */
  record NicEndpoint(String nicId) implements Endpoint {
    public NicEndpoint {
      Objects.requireNonNull(nicId, "nicId");
    }

    @Override
    public String toString() {
      return nicId;
    }
  }

  /** Every NIC that is a member of the group. */
  record GroupEndpoint(String group) implements Endpoint {
    public GroupEndpoint {
      Objects.requireNonNull(group, "group");
    }

    @Override
    public String toString() {
      return "group " + group;
    }
  }

  /** Every address in the block; addresses owned by a NIC count as that NIC. */
  record CidrEndpoint(Cidr cidr) implements Endpoint {
    public CidrEndpoint {
      Objects.requireNonNull(cidr, "cidr");
    }

    @Override
    public String toString() {
      return cidr.isHost() ? cidr.network().toString() : cidr.toString();
    }
  }

  /**
   * The internet: every external address (owned by no NIC) in public unicast space ({@link
   * PublicSpace}), IPv4 and IPv6.
   */
  record InternetEndpoint() implements Endpoint {
    @Override
    public String toString() {
      return "internet";
    }
  }

  /** Every external address (owned by no NIC), IPv4 and IPv6, public or not. */
  record ExternalEndpoint() implements Endpoint {
    @Override
    public String toString() {
      return "external";
    }
  }
}
