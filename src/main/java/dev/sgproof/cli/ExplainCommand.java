package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.report.FlowExplanation;
import dev.sgproof.report.Summary;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import dev.sgproof.syntax.FlowText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sgproof explain SPEC FLOW}: the trace of one concrete flow. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explains how SPEC decides one concrete FLOW: at each NIC the step that decided and every"
          + " rule that matched and lost, with the file and line it is written at.",
      "",
      "FLOW is PROTO SRC[:PORT] -> DST[:PORT] (quote it: '>' is special to the shell), for"
          + " example 'tcp 10.0.0.1:49152 -> 10.0.1.20:5432', 'icmp 10.0.0.1 -> 10.0.0.2',"
          + " 'tcp [2001:db8::1]:49152 -> [2001:db8::2]:443'. PROTO is tcp, udp, icmp, icmpv6,"
          + " gre or a number 0..255; tcp and udp need the destination port, the source port"
          + " defaults to 49152.",
      "",
      "Exit codes: 0 explained; 2 the spec has errors or FLOW is not a flow of the model."
    })
final class ExplainCommand implements Callable<Integer> {
  enum Format { text, json }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file.")
  Path file;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "FLOW",
      description = "The flow (one argument, or several joined with spaces).")
  List<String> flowWords;

  @CommandLine.Mixin IncludePathOption includePath;

  @Option(names = "--format", defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String flowText = String.join(" ", flowWords);
    FlowText.Result parsed = FlowText.parse(flowText);
    if (parsed.flow().isEmpty()) {
      err.println("sgproof: FLOW:1:" + (parsed.column() + 1) + ": error: " + parsed.error());
      err.println("    " + Echo.printable(flowText));
      err.println("    " + " ".repeat(Math.max(0, parsed.column())) + "^");
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    LoadResult loaded = SpecLoader.read(file, includePath.roots());
    DiagnosticRenderer renderer = new DiagnosticRenderer(loaded.sources());
    for (Diagnostic d : loaded.diagnostics()) {
      err.print(renderer.render(d));
    }
    err.flush();
    if (loaded.hasErrors()) {
      return Summary.EXIT_INPUT_ERROR;
    }
    Network n = loaded.spec().network();
    Flow f = parsed.flow().get();
    Optional<Nic> src = n.owner(f.src());
    Optional<Nic> dst = n.owner(f.dst());
    if (src.isEmpty() && dst.isEmpty()) {
      err.println("sgproof: " + f + " is not a flow of the model: neither " + f.src() + " nor "
          + f.dst() + " belongs to a NIC of " + file + " (a flow between two external addresses"
          + " passes no security group)");
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    if (src.isPresent() && src.equals(dst)) {
      err.println("sgproof: " + f + " is not a flow of the model: both addresses belong to NIC "
          + src.get().id() + " (traffic within one NIC passes no security group)");
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    var decision = new Evaluator(n).evaluate(f);
    out.print(format == Format.json ? FlowExplanation.json(n, decision)
        : FlowExplanation.text(n, decision));
    out.flush();
    return 0;
  }
}
