package dev.sgproof.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Protocols;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FlowTextTest {

  private static Flow flow(String text) {
    FlowText.Result r = FlowText.parse(text);
    assertTrue(r.flow().isPresent(), text + ": " + r.error());
    return r.flow().get();
  }

  @Test
  void readsTheThreeFormsOfTheLanguageReference() {
    assertEquals(Flow.tcp("10.0.0.1", 49152, "10.0.1.20", 5432),
        flow("tcp 10.0.0.1:49152 -> 10.0.1.20:5432"));
    assertEquals(Flow.of("10.0.0.1", "10.0.0.2", Protocols.ICMP, 0, 0),
        flow("icmp 10.0.0.1 -> 10.0.0.2"));
    assertEquals(new Flow(IpAddress.of("2001:db8::1"), IpAddress.of("2001:db8::2"), Protocols.TCP,
        49152, 443), flow("tcp [2001:db8::1]:49152 -> [2001:db8::2]:443"));
  }

  @Test
  void takesProtocolNumbersAndDefaultsTheSourcePort() {
    assertEquals(Flow.of("10.0.0.1", "10.0.0.2", 132, 0, 0), flow("132 10.0.0.1->10.0.0.2"));
    assertEquals(Flow.tcp("10.0.0.1", FlowText.DEFAULT_SOURCE_PORT, "10.0.0.2", 22),
        flow("  TCP 10.0.0.1 -> 10.0.0.2:22  "));
    assertEquals(Flow.of("2001:db8::1", "2001:db8::2", Protocols.ICMPV6, 0, 0),
        flow("icmpv6 2001:db8::1 -> [2001:db8::2]"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tcp 10.0.0.1 10.0.0.2:22             | 24",
      "tcq 10.0.0.1 -> 10.0.0.2             | 0",
      "256 10.0.0.1 -> 10.0.0.2             | 0",
      "tcp 10.0.0.300 -> 10.0.0.2:22        | 4",
      "tcp 10.0.0.1 -> 10.0.0.2             | 24",
      "tcp 10.0.0.1:0 -> 10.0.0.2:22        | 13",
      "tcp 10.0.0.1 -> 10.0.0.2:65536       | 25",
      "icmp 10.0.0.1 -> 10.0.0.2:7          | 26",
      "icmp [2001:db8::1] -> [2001:db8::2]  | 0",
      "udp 10.0.0.1 -> [2001:db8::2]:53     | 16",
      "tcp [2001:db8::1 -> 10.0.0.2:1       | 4",
      "tcp 10.0.0.0/8 -> 10.0.0.2:22        | 4",
  })
  void pointsAtWhatIsWrong(String text, int column) {
    FlowText.Result r = FlowText.parse(text);
    assertTrue(r.flow().isEmpty(), text);
    assertEquals(column, r.column(), text + ": " + r.error());
    assertTrue(!r.error().isBlank());
  }
}
