package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The platform modules, the services and the app are layered: no two of their packages import each
 * other (the app's HTTP routes read the app's views and submitters, and the app starts them through
 * {@link ApiServer}), and a service reaches the platform modules its pom names and no other. Read
 * from the sources, so a new import that closes a loop fails here, not in a review.
 */
class PackageLayersTest {
  private static final Path ROOT = Path.of("..");

  /** The modules whose main sources are held to the rule, by directory. */
  private static final List<String> MODULES =
      List.of(
          "schemas",
          "platform/runtime",
          "platform/models",
          "platform/memory",
          "analyzer-service",
          "indexer-service",
          "chapter-service",
          "summarizer-service",
          "app");

  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern COMMENT = Pattern.compile("/\\*[\\s\\S]*?\\*/|//[^\\n]*");

  /** An import, or a name written out in code: {@code io.fablestream.x.y.Type}. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(io\\.fablestream(?:\\.[a-z]\\w*)+)\\.[A-Z]");

  @Test
  void noTwoPackagesImportEachOther() {
    Map<String, Set<String>> imports = imports(MODULES);

    Set<String> mutual = new TreeSet<>();
    imports.forEach(
        (from, targets) -> {
          for (String to : targets) {
            if (imports.getOrDefault(to, Set.of()).contains(from)) {
              mutual.add(from.compareTo(to) < 0 ? from + " <-> " + to : to + " <-> " + from);
            }
          }
        });
    assertThat(mutual).isEmpty();
  }

  /** The app composes its HTTP API through {@link ApiServer}; the routes import the app. */
  @Test
  void theAppStartsItsHttpApiWithoutImportingIt() {
    assertThat(imports(List.of("app")).get("io.fablestream.app"))
        .doesNotContain("io.fablestream.app.http");
  }

  @Test
  void eachServiceReachesOnlyThePlatformModulesItUses() {
    assertThat(platformPackagesOf("summarizer-service"))
        .noneMatch(name -> name.startsWith("io.fablestream.platform.memory"));
    assertThat(platformPackagesOf("analyzer-service"))
        .noneMatch(name -> name.startsWith("io.fablestream.platform.memory"));
    assertThat(platformPackagesOf("indexer-service"))
        .noneMatch(name -> name.startsWith("io.fablestream.platform.model"));
  }

  private static Set<String> platformPackagesOf(String module) {
    Set<String> used = new TreeSet<>();
    imports(List.of(module)).values().forEach(used::addAll);
    used.removeIf(name -> !name.startsWith("io.fablestream.platform."));
    return used;
  }

  /** Each package of the modules' main sources, with the other packages it refers to. */
  private static Map<String, Set<String>> imports(List<String> modules) {
    Map<String, Set<String>> imports = new TreeMap<>();
    for (String module : modules) {
      Path sources = ROOT.resolve(module).resolve("src/main/java");
      assertThat(sources).as(module).isDirectory();
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String text = Files.readString(file, StandardCharsets.UTF_8);
          Matcher pkg = PACKAGE.matcher(text);
          if (!pkg.find()) {
            continue;
          }
          String from = pkg.group(1);
          Set<String> targets = imports.computeIfAbsent(from, k -> new TreeSet<>());
          Matcher ref = REFERENCE.matcher(COMMENT.matcher(text).replaceAll(""));
          while (ref.find()) {
            if (!ref.group(1).equals(from)) {
              targets.add(ref.group(1));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return imports;
  }
}
