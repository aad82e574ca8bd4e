package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/sgproof, the launcher the README uses, run by /bin/sh in a checkout of its own (a copy of the
 * launcher in bin/, and in target/ a jar whose main prints what it was given): arguments, streams
 * and exit codes pass through unchanged, from any directory and through a symbolic link; the
 * class-data sharing archive is made once, used, remade when the jar is newer, and a missing or
 * broken one changes nothing but the speed.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("bin", "sgproof");

  /** The jar's main: prints its arguments, the directory, a property and the archive it got. */
  public static final class Echo {
    public static void main(String[] args) {
      StringBuilder b = new StringBuilder();
      b.append("args ").append(args.length).append('\n');
      for (String a : args) {
        b.append('[').append(a).append("]\n");
      }
      b.append("dir ").append(System.getProperty("user.dir")).append('\n');
      b.append("prop ").append(System.getProperty("sgproof.launcher.test")).append('\n');
      System.out.print(b);
      System.err.print("err line\n");
      String archive = "none";
      for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (a.startsWith("-XX:SharedArchiveFile=")) {
          archive = a.substring("-XX:SharedArchiveFile=".length());
        }
      }
      System.err.print("archive " + archive + "\n");
      if ("flags".equals(System.getProperty("sgproof.launcher.test"))) {
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
          if (a.startsWith("-Xm") || a.contains("TransparentHugePages")
              || a.contains("SurvivorRatio") || a.endsWith("GC")) {
            System.out.print("flag " + a + "\n");
          }
        }
      }
      System.exit(args.length > 0 && args[0].startsWith("exit=")
          ? Integer.parseInt(args[0].substring(5)) : 0);
    }
  }

  private record Run(int exit, String out, String err) {}

  private Path root;

  @BeforeEach
  void checkout() throws IOException {
    Files.createDirectories(Path.of("target"));
    root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "launcher-test-")
        .toRealPath();
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("target"));
    Files.createDirectories(root.resolve("specs"));
    Files.writeString(root.resolve("specs/a.sg"), "# training input\n");
    Files.copy(LAUNCHER, root.resolve("bin/sgproof"), StandardCopyOption.COPY_ATTRIBUTES);
    writeJar(root.resolve("target/sgproof.jar"));
  }

  @AfterEach
  void clean() {
    Cli.delete(root);
  }

  private static void writeJar(Path jar) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Echo.class.getName());
    String entry = Echo.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, m);
        InputStream in = Echo.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
  }

  private Run run(Path launcher, Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("SGPROOF_JAVA_OPTS");
    pb.environment().putAll(env);
    Path out = Files.createTempFile(root, "out", ".txt");
    Path err = Files.createTempFile(root, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Run run(String... args) throws IOException, InterruptedException {
    return run(root.resolve("bin/sgproof"), root, Map.of(), args);
  }

  private static String echoed(Path dir, String... args) {
    StringBuilder b = new StringBuilder("args " + args.length + "\n");
    for (String a : args) {
      b.append('[').append(a).append("]\n");
    }
    return b.append("dir ").append(dir).append("\nprop null\n").toString();
  }

  /** The file's identity (device and inode): a new archive is a new file, moved in place. */
  private static Object identity(Path p) throws IOException {
    return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  private String err(String archive) {
    return "err line\narchive " + archive + "\n";
  }

  @Test
  void theLauncherIsAnExecutableFile() {
    assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " must be executable (git keeps the bit)");
  }

  @Test
  void argumentsStreamsAndExitCodesPassThroughUnchanged() throws Exception {
    String[] args = {"exit=7", "two words", "", "*", "$HOME", "'q'", "\"dq\"", "a\\b", "-jar"};
    Run first = run(args);
    assertEquals(new Run(7, echoed(root, args), err(root + "/target/sgproof.jsa")), first);
    Run again = run("exit=0");
    assertEquals(new Run(0, echoed(root, "exit=0"), err(root + "/target/sgproof.jsa")), again);
    assertEquals(5, run("exit=5").exit());
  }

  @Test
  void itRunsFromAnyDirectoryAndThroughASymbolicLink() throws Exception {
    Path elsewhere = Files.createDirectories(root.resolve("elsewhere/deeper"));
    Path links = Files.createDirectories(root.resolve("links"));
    Path link = links.resolve("sgproof");
    Files.createSymbolicLink(link, root.resolve("bin/sgproof"));
    Path relative = links.resolve("relative");
    Files.createSymbolicLink(relative, Path.of("sgproof"));
    String archive = root + "/target/sgproof.jsa";
    assertEquals(new Run(0, echoed(elsewhere, "x"), err(archive)),
        run(root.resolve("bin/sgproof"), elsewhere, Map.of(), "x"));
    assertEquals(new Run(0, echoed(elsewhere, "y"), err(archive)),
        run(link, elsewhere, Map.of(), "y"));
    assertEquals(new Run(0, echoed(elsewhere, "z"), err(archive)),
        run(relative, elsewhere, Map.of(), "z"));
  }

  @Test
  void theArchiveIsMadeOnceAndUsedAfterwards() throws Exception {
    Path jsa = root.resolve("target/sgproof.jsa");
    assertFalse(Files.exists(jsa));
    run("a");
    assertTrue(Files.size(jsa) > 0, "the first run made the archive");
    Object made = identity(jsa);
    Run second = run("b");
    assertEquals(err(jsa.toString()), second.err());
    assertEquals(made, identity(jsa), "the second run did not make it again");
    try (var files = Files.list(root.resolve("target"))) {
      assertEquals(List.of("sgproof.jar", "sgproof.jsa", "sgproof.jsa.for"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
    }
  }

  @Test
  void anArchiveOlderThanTheJarIsMadeAgain() throws Exception {
    Path jsa = root.resolve("target/sgproof.jsa");
    Path jar = root.resolve("target/sgproof.jar");
    run("a");
    assertEquals(Files.getLastModifiedTime(jar), Files.getLastModifiedTime(jsa),
        "the archive carries the jar's time");
    Object first = identity(jsa);
    // a newer jar (a rebuild), here even one from a clock ahead of this one
    FileTime newer = FileTime.fromMillis(System.currentTimeMillis() + 3_600_000);
    Files.setLastModifiedTime(jar, newer);
    Run r = run("b");
    assertEquals(new Run(0, echoed(root, "b"), err(jsa.toString())), r);
    assertEquals(newer, Files.getLastModifiedTime(jsa), "the archive was made again");
    assertFalse(first.equals(identity(jsa)), "a new file");
    Object remade = identity(jsa);
    run("c");
    assertEquals(remade, identity(jsa), "and only once");
  }

  /**
   * A checkout copied elsewhere with its archive (times kept, as an archive of the tree or a CI
   * cache keeps them) has an archive that is not older than the jar but was made for the jar at
   * the first path, which the JVM refuses: it is made again for the copy, once.
   */
  @Test
  void anArchiveMadeForTheJarAtAnotherPathIsMadeAgain() throws Exception {
    run("a");
    Path copy = root.resolve("copy");
    for (String f : List.of("bin/sgproof", "specs/a.sg", "target/sgproof.jar",
        "target/sgproof.jsa", "target/sgproof.jsa.for")) {
      Files.createDirectories(copy.resolve(f).getParent());
      Files.copy(root.resolve(f), copy.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
    }
    Path jsa = copy.resolve("target/sgproof.jsa");
    assertEquals(root.resolve("target/sgproof.jar") + "\n",
        Files.readString(copy.resolve("target/sgproof.jsa.for")), "made for the first path");
    Object copied = identity(jsa);
    Run r = run(copy.resolve("bin/sgproof"), copy, Map.of(), "b");
    assertEquals(new Run(0, echoed(copy, "b"), err(jsa.toString())), r);
    assertFalse(copied.equals(identity(jsa)), "the archive was made again");
    assertEquals(copy.resolve("target/sgproof.jar") + "\n",
        Files.readString(copy.resolve("target/sgproof.jsa.for")), "for the copy's jar");
    Object remade = identity(jsa);
    run(copy.resolve("bin/sgproof"), copy, Map.of(), "c");
    assertEquals(remade, identity(jsa), "and only once");
    run("d");
    assertEquals(root.resolve("target/sgproof.jar") + "\n",
        Files.readString(root.resolve("target/sgproof.jsa.for")), "the first one is its own");
  }

  @Test
  void aBrokenArchiveChangesNothingButTheSpeed() throws Exception {
    Path jsa = root.resolve("target/sgproof.jsa");
    byte[] junk = new byte[100_000];
    new java.util.Random(1).nextBytes(junk);
    Files.write(jsa, junk);
    Files.setLastModifiedTime(jsa,
        FileTime.fromMillis(Files.getLastModifiedTime(root.resolve("target/sgproof.jar")).toMillis()
            + 60_000));
    // the JVM refuses it and runs without it, silently
    assertEquals(new Run(3, echoed(root, "exit=3"), err(jsa.toString())), run("exit=3"));
  }

  @Test
  void withoutTrainingInputTheRunHasNoArchiveAndIsOtherwiseTheSame() throws Exception {
    Cli.delete(root.resolve("specs"));
    assertEquals(new Run(4, echoed(root, "exit=4"), err("none")), run("exit=4"));
    assertFalse(Files.exists(root.resolve("target/sgproof.jsa")));
  }

  @Test
  void moreJvmOptionsComeFromTheEnvironment() throws Exception {
    Run r = run(root.resolve("bin/sgproof"), root,
        Map.of("SGPROOF_JAVA_OPTS", "-Dsgproof.launcher.test=on -Xmx256m"), "a");
    assertEquals(0, r.exit());
    assertEquals(echoed(root, "a").replace("prop null", "prop on"), r.out());
  }

  /** The flags the launcher gave the JVM (-Xm..., huge pages), as Echo prints them. */
  private static List<String> flags(Run r) {
    return r.out().lines().filter(l -> l.startsWith("flag ")).map(l -> l.substring(5)).toList();
  }

  /** The smaller of the machine's memory and a container's limit, in kB, as the launcher reads it. */
  private static long memoryKb() throws IOException {
    long kb = 0;
    Path meminfo = Path.of("/proc/meminfo");
    for (String line : Files.isReadable(meminfo) ? Files.readAllLines(meminfo) : List.<String>of()) {
      if (line.startsWith("MemTotal:")) {
        kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    for (String limit : List.of("/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
      Path p = Path.of(limit);
      if (Files.isReadable(p)) {
        String bytes = Files.readString(p).strip();
        if (bytes.matches("[0-9]{1,15}")) {
          kb = Math.min(kb, Long.parseLong(bytes) / 1024);
        }
      }
    }
    return kb;
  }

  @Test
  void theHeapAsksForHugePagesWhereTheKernelOffersThemAndKeepsItsYoungGenerationSmall()
      throws Exception {
    Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    boolean offered = Files.isReadable(thp)
        && (Files.readString(thp).contains("[always]") || Files.readString(thp).contains("[madvise]"));
    Run r = run(root.resolve("bin/sgproof"), root,
        Map.of("SGPROOF_JAVA_OPTS", "-Dsgproof.launcher.test=flags"), "a");
    assertEquals(0, r.exit());
    List<String> expected = new ArrayList<>();
    expected.add("-XX:+UseParallelGC");
    if (offered) {
      expected.add("-XX:+UseTransparentHugePages");
    }
    if (memoryKb() >= 2L << 20) {
      expected.add("-Xmn128m"); // survivor spaces left to the parallel collector
    }
    assertEquals(expected, flags(r), r.out());
    assertEquals(echoed(root, "a").replace("prop null", "prop flags"),
        r.out().replaceAll("(?m)^flag .*\n", ""));
    assertEquals(err(root + "/target/sgproof.jsa"), r.err());
  }

  @Test
  void aHeapSizedInTheEnvironmentGetsNoYoungGenerationFromTheLauncherAndNoJvmWarning()
      throws Exception {
    for (String sized : List.of("-Xmx96m", "-Xmn16m", "-XX:MaxHeapSize=96m",
        "-XX:MaxRAMPercentage=1")) {
      Run r = run(root.resolve("bin/sgproof"), root,
          Map.of("SGPROOF_JAVA_OPTS", "-Dsgproof.launcher.test=flags " + sized), "a");
      assertEquals(0, r.exit(), sized);
      List<String> young = flags(r).stream()
          .filter(f -> f.startsWith("-Xmn128m") || f.contains("SurvivorRatio")).toList();
      assertEquals(List.of(), young, sized);
      assertEquals(echoed(root, "a").replace("prop null", "prop flags"),
          r.out().replaceAll("(?m)^flag .*\n", ""), sized);
      assertFalse(r.err().contains("warning"), r.err());
    }
  }

  @Test
  void anotherCollectorFromTheEnvironmentRunsAsTheReadmeSaysWithNoJvmWarning() throws Exception {
    Run r = run(root.resolve("bin/sgproof"), root, Map.of("SGPROOF_JAVA_OPTS",
        "-Dsgproof.launcher.test=flags -XX:-UseParallelGC -XX:+UseSerialGC"), "a");
    assertEquals(0, r.exit(), r.err());
    List<String> collectors = flags(r).stream().filter(f -> f.endsWith("GC")).toList();
    assertEquals(List.of("-XX:+UseParallelGC", "-XX:-UseParallelGC", "-XX:+UseSerialGC"),
        collectors);
    assertEquals(echoed(root, "a").replace("prop null", "prop flags"),
        r.out().replaceAll("(?m)^flag .*\n", ""));
    assertFalse(r.err().contains("warning"), r.err());
  }

  @Test
  void aMissingJarIsAClearErrorWithExitCode3() throws Exception {
    Files.delete(root.resolve("target/sgproof.jar"));
    Run r = run("verify", "x.sg");
    assertEquals(3, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("sgproof: " + root + "/target/sgproof.jar not found"), r.err());
  }
}
