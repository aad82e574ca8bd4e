/**
 * AST -> model, and the reference semantics. {@link dev.sgproof.semantics.SpecLoader} is the front
 * end's entry point: it reads files (with their includes), parses them and runs the {@link
 * dev.sgproof.semantics.Resolver}, which reports every validity problem of semantics.md section 9
 * in one run and builds the {@link dev.sgproof.model.Spec} only when none is an error.
 *
 * <p>Decisions: quota warnings count expanded custom rules (not the legacy priority-110 rules); the
 * legacy default rules are IPv4 only; a NIC address may be written as a /32 or /128 block.
 */
package dev.sgproof.semantics;
