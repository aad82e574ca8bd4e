package dev.sgproof.cli;

import dev.sgproof.semantics.LoadResult;
import dev.sgproof.shard.Shard;
import dev.sgproof.shard.ShardRun;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code verify --shard K/N}: verify only share K of N of the assertions (README, Sharding). */
final class ShardOption {

  /** K/N, checked while the command line is read (a usage error, exit 2). */
  static final class Converter implements CommandLine.ITypeConverter<Shard> {
    @Override
    public Shard convert(String value) {
      try {
        return Shard.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Option(names = "--shard", paramLabel = "K/N", converter = Converter.class,
      description = "Verify only share K of N of the assertions of all FILEs (cost-balanced, the"
          + " same on every machine); every output carries what sgproof merge needs to join the"
          + " N shards into the unsharded result. An empty share exits 0 with a note.")
  Shard shard;

  /** The run's shard, or null without --shard. */
  ShardRun run(List<Path> files, List<LoadResult> loaded, boolean errors) {
    return shard == null ? null : ShardRun.of(shard, files, loaded, errors, Versions.sgproof());
  }
}
