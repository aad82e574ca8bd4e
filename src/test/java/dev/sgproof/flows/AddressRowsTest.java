package dev.sgproof.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.Gen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.PortRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An address level built from the cells of one list ({@link FlowSpace.AddressRows#add(
 * FlowSpace.Cells, int, int, FlowSpace.Part)}, how the violations build their diagrams) is the
 * level built from the same cells as a list ({@link FlowSpace#addressCells}), and after the first
 * cell it compares no addresses: the cells of one list are disjoint and ascending. A {@link
 * FlowSpace.Row} over the cells, changed a few cells or many at a time, builds that level too.
 */
class AddressRowsTest {
  private static final int CASES = 400;

  @Test
  void rowsOfOneListOfCellsAreTheLevelOfThoseCellsWithoutComparisons() {
    long base = Property.baseSeed(0xADD5L);
    System.out.println("AddressRowsTest base seed " + base);
    long cellsAdded = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      FlowSpace space = new FlowSpace();
      boolean v6 = i % 3 == 0;
      // Disjoint ascending cells, some touching, from the start or the end of the line.
      int n = 1 + g.nextInt(60);
      List<IpAddress> lows = new ArrayList<>();
      List<IpAddress> highs = new ArrayList<>();
      BigInteger at = i % 5 == 0 ? BigInteger.ZERO : BigInteger.valueOf(g.nextInt(50));
      BigInteger max = v6 ? IpVersion.V6.max() : IpVersion.V4.max();
      if (i % 7 == 0) {
        at = max.subtract(BigInteger.valueOf(5L * n));
      }
      for (int k = 0; k < n && at.compareTo(max) <= 0; k++) {
        BigInteger high = at.add(BigInteger.valueOf(g.nextInt(3))).min(max);
        lows.add(IpAddress.of(v6 ? IpVersion.V6 : IpVersion.V4, at));
        highs.add(IpAddress.of(v6 ? IpVersion.V6 : IpVersion.V4, high));
        at = high.add(BigInteger.valueOf(1 + (g.nextInt(3) == 0 ? g.nextInt(4) : 0)));
      }
      FlowSpace.Cells cells = new FlowSpace.Cells(lows.toArray(IpAddress[]::new),
          highs.toArray(IpAddress[]::new));
      List<FlowSpace.Part> parts = List.of(space.leaf(),
          space.portCells(List.<PortRange[]>of(new PortRange[] {PortRange.ALL,
              new PortRange(80, 80)})),
          space.portCells(List.<PortRange[]>of(new PortRange[] {new PortRange(1, 9),
              PortRange.ALL})));
      // Runs of touching cells, each with a part (neighbours often with the same one); some runs
      // hold nothing (left out).
      FlowSpace.Part[] byId = {parts.get(0), parts.get(1), parts.get(2), space.nothing()};
      FlowSpace.AddressRows rows = space.addressRows(true);
      List<FlowSpace.Cell<IpAddress>> list = new ArrayList<>();
      int k = g.nextInt(2);
      while (k < lows.size()) {
        int last = k;
        while (last + 1 < lows.size() && cells.touch(last) && g.nextInt(2) == 0) {
          last++;
        }
        int id = g.nextInt(2) == 0 ? 0 : g.nextInt(byId.length);
        if (id < parts.size()) {
          rows.add(cells, k, last, byId[id]);
          list.add(new FlowSpace.Cell<>(lows.get(k), highs.get(last), byId[id]));
          cellsAdded++;
        }
        k = last + 1 + (g.nextInt(4) == 0 ? 1 : 0);
      }
      long before = space.compared;
      FlowSpace.Part built = rows.build();
      assertTrue(space.compared - before <= 1, "seed " + seed + ": build compares once");
      assertEquals(space.addressCells(true, list), built, "seed " + seed);
    }
    System.out.println("AddressRowsTest: " + cellsAdded + " cells added");
  }

  /**
   * A row over generated cells (some touching, from the start or to the end of the line), changed
   * round after round in a few cells (built by patching the last build) or in many (built
   * anew), sometimes to nothing everywhere: after each round, the level of its cells as a list.
   */
  @Test
  void aRowChangedAFewCellsAtATimeIsTheLevelOfItsCells() {
    long base = Property.baseSeed(0x5EA7L);
    System.out.println("AddressRowsTest rows base seed " + base);
    long cellsSet = 0;
    long boundaries = 0;
    long built = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      FlowSpace space = new FlowSpace();
      boolean v6 = i % 3 == 0;
      IpVersion version = v6 ? IpVersion.V6 : IpVersion.V4;
      int n = 1 + g.nextInt(i % 4 == 0 ? 8 : 200);
      List<IpAddress> lows = new ArrayList<>();
      List<IpAddress> highs = new ArrayList<>();
      BigInteger max = version.max();
      BigInteger at = i % 5 == 0 ? BigInteger.ZERO : BigInteger.valueOf(g.nextInt(50));
      if (i % 7 == 0) {
        at = max.subtract(BigInteger.valueOf(3L * n)); // some reach the end of the line
      }
      for (int k = 0; k < n && at.compareTo(max) <= 0; k++) {
        BigInteger high = at.add(BigInteger.valueOf(g.nextInt(3))).min(max);
        lows.add(IpAddress.of(version, at));
        highs.add(IpAddress.of(version, high));
        at = high.add(BigInteger.valueOf(1 + (g.nextInt(3) == 0 ? g.nextInt(4) : 0)));
      }
      n = lows.size();
      FlowSpace.Cells cells = new FlowSpace.Cells(lows.toArray(IpAddress[]::new),
          highs.toArray(IpAddress[]::new));
      FlowSpace.Part[] parts = {space.nothing(), space.leaf(),
          space.portCells(List.<PortRange[]>of(new PortRange[] {PortRange.ALL,
              new PortRange(80, 80)})),
          space.portCells(List.<PortRange[]>of(new PortRange[] {new PortRange(1, 9),
              PortRange.ALL}))};
      FlowSpace.Row row = space.row(true, cells);
      FlowSpace.Part[] now = new FlowSpace.Part[n];
      java.util.Arrays.fill(now, space.nothing());
      for (int round = 0; round < 12; round++) {
        int changes = g.nextInt(3) == 0 ? n : 1 + g.nextInt(Math.max(1, n / 16));
        boolean clear = g.nextInt(8) == 0;
        for (int c = 0; c < changes; c++) {
          int cell = g.nextInt(n);
          // Runs of neighbours with the same part, as rows have.
          FlowSpace.Part p = clear ? space.nothing() : parts[g.nextInt(parts.length)];
          for (int k = cell; k < Math.min(n, cell + 1 + g.nextInt(3)); k++) {
            now[k] = p;
            row.set(k, p);
            cellsSet++;
          }
        }
        List<FlowSpace.Cell<IpAddress>> list = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          if (!now[k].isEmpty()) {
            list.add(new FlowSpace.Cell<>(lows.get(k), highs.get(k), now[k]));
          }
        }
        long before = space.boundariesRead;
        FlowSpace.Part level = row.build();
        boundaries += space.boundariesRead - before;
        built++;
        assertEquals(list.isEmpty() ? space.nothing() : space.addressCells(true, list), level,
            "seed " + seed + ", round " + round);
        // The count the row keeps is the count of its intervals, read afresh.
        assertEquals(FlowSpace.countAfresh(level), level.isEmpty() ? BigInteger.ZERO
            : space.count(level.node), "seed " + seed + ", round " + round);
      }
    }
    System.out.println("AddressRowsTest rows: " + built + " built, " + cellsSet + " cells set, "
        + boundaries + " boundaries read");
    // A build reads the two boundaries of each changed cell, not every cell.
    assertTrue(boundaries <= 2 * cellsSet, boundaries + " boundaries read for " + cellsSet
        + " cells set");
  }

  /**
   * Rows that come back to what they were are the same node, told from the changes between the
   * builds without making either node's intervals; built and interned, no row is read, and each
   * is then the level of its cells.
   */
  @Test
  void aRowBackToAnEarlierStateIsTheSameNodeWithoutReadingIt() {
    long base = Property.baseSeed(0xBACCL);
    System.out.println("AddressRowsTest back base seed " + base);
    for (int i = 0; i < CASES / 4; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      FlowSpace space = new FlowSpace();
      int n = 1 + g.nextInt(i % 3 == 0 ? 6 : 300);
      IpAddress[] lows = new IpAddress[n];
      IpAddress[] highs = new IpAddress[n];
      long at = g.nextInt(3);
      for (int k = 0; k < n; k++) {
        lows[k] = IpAddress.of(IpVersion.V4, BigInteger.valueOf(at));
        at += g.nextInt(3);
        highs[k] = IpAddress.of(IpVersion.V4, BigInteger.valueOf(at));
        at += 1 + (g.nextInt(2) == 0 ? 0 : g.nextInt(3));
      }
      FlowSpace.Cells cells = new FlowSpace.Cells(lows, highs);
      FlowSpace.Part[] parts = {space.nothing(), space.leaf(),
          space.portCells(List.<PortRange[]>of(new PortRange[] {PortRange.ALL,
              new PortRange(22, 22)}))};
      // A few states of the cells, visited in a random order, again and again.
      int states = 2 + g.nextInt(3);
      FlowSpace.Part[][] state = new FlowSpace.Part[states][n];
      for (int x = 0; x < states; x++) {
        for (int k = 0; k < n; k++) {
          state[x][k] = g.nextInt(4) == 0 ? parts[g.nextInt(parts.length)] : parts[0];
        }
      }
      FlowSpace.Row row = space.row(true, cells);
      FlowSpace.Part[] first = new FlowSpace.Part[states];
      List<Integer> visited = new ArrayList<>();
      List<FlowSpace.Part> builtParts = new ArrayList<>();
      for (int round = 0; round < 40; round++) {
        int x = g.nextInt(states);
        for (int k = 0; k < n; k++) {
          row.set(k, state[x][k]);
        }
        FlowSpace.Part p = row.build();
        if (first[x] == null) {
          first[x] = p;
        }
        assertEquals(first[x], p,
            "seed " + seed + ", round " + round + ": state " + x + " again");
        visited.add(x);
        builtParts.add(p);
      }
      assertEquals(0, space.materialized, "seed " + seed + ": rows read while built");
      for (int r = 0; r < visited.size(); r++) {
        int x = visited.get(r);
        List<FlowSpace.Cell<IpAddress>> list = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          if (!state[x][k].isEmpty()) {
            list.add(new FlowSpace.Cell<>(lows[k], highs[k], state[x][k]));
          }
        }
        assertEquals(list.isEmpty() ? space.nothing() : space.addressCells(true, list),
            builtParts.get(r), "seed " + seed + ", round " + r);
      }
    }
  }

  /**
   * A row of a thousand cells of one list compares the starts of the first two intervals only
   * (and the end when built). Before, every cell's start was compared with the domain's end and
   * with the last start, and its gap's start too.
   */
  @Test
  void aRowOfOneListComparesNoAddressAfterItsFirstCell() {
    FlowSpace space = new FlowSpace();
    int n = 1000;
    IpAddress[] lows = new IpAddress[n];
    IpAddress[] highs = new IpAddress[n];
    for (int k = 0; k < n; k++) {
      lows[k] = IpAddress.v4(10L * k);
      highs[k] = IpAddress.v4(10L * k + (k % 2 == 0 ? 9 : 4));
    }
    FlowSpace.Cells cells = new FlowSpace.Cells(lows, highs);
    FlowSpace.AddressRows rows = space.addressRows(false);
    for (int k = 0; k < n; k++) {
      rows.add(cells, k, space.leaf());
    }
    FlowSpace.Part built = rows.build();
    assertTrue(space.compared <= 3, space.compared + " intervals added with comparisons");
    List<FlowSpace.Cell<IpAddress>> list = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      list.add(new FlowSpace.Cell<>(lows[k], highs[k], space.leaf()));
    }
    assertEquals(space.addressCells(false, list), built);
  }
}
