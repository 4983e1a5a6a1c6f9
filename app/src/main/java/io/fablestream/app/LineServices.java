package io.fablestream.app;

import io.fablestream.analyzer.AnalyzerService;
import io.fablestream.chapter.ChapterService;
import io.fablestream.indexer.IndexerService;
import io.fablestream.summarizer.SummarizerService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services of the line, and what each is made from: the one place a service's process is
 * composed, for the whole line in one JVM ({@code fablestream serve}) and for one service alone
 * ({@code fablestream service NAME}).
 */
public final class LineServices {
  private static final Map<String, LineService> BY_NAME = byName();

  private LineServices() {}

  private static Map<String, LineService> byName() {
    Map<String, LineService> services = new LinkedHashMap<>();
    add(
        services,
        new LineService(
            AnalyzerService.NAME,
            true,
            false,
            (ctx, models, memory, images) -> AnalyzerService.create(ctx, models)));
    add(
        services,
        new LineService(
            IndexerService.NAME,
            false,
            true,
            (ctx, models, memory, images) -> IndexerService.create(ctx, memory)));
    add(services, new LineService(ChapterService.NAME, true, true, true, ChapterService::create));
    add(
        services,
        new LineService(
            SummarizerService.NAME,
            true,
            false,
            (ctx, models, memory, images) -> SummarizerService.create(ctx, models)));
    return services;
  }

  private static void add(Map<String, LineService> services, LineService service) {
    services.put(service.name(), service);
  }

  /** Every service, in the order of the flow. */
  public static List<LineService> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The names of the services, for usage messages. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** One service by its name, or null. */
  public static LineService named(String name) {
    return BY_NAME.get(name);
  }
}
