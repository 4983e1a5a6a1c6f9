package io.fablestream.app;

import io.fablestream.analyzer.AnalyzerService;
import io.fablestream.chapter.ChapterService;
import io.fablestream.indexer.IndexerService;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.summarizer.SummarizerService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The services of the line, as the all-in-one app runs them: one Kafka Streams app each. */
public final class LineServices {
  private static final Map<String, Function<ServiceContext, StreamsService>> BY_NAME = byName();

  private LineServices() {}

  private static Map<String, Function<ServiceContext, StreamsService>> byName() {
    Map<String, Function<ServiceContext, StreamsService>> services = new LinkedHashMap<>();
    services.put(AnalyzerService.NAME, AnalyzerService::create);
    services.put(IndexerService.NAME, IndexerService::create);
    services.put(ChapterService.NAME, ChapterService::create);
    services.put(SummarizerService.NAME, SummarizerService::create);
    return services;
  }

  /** Every service's factory, in the order of the flow. */
  public static List<Function<ServiceContext, StreamsService>> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The names of the services, for usage messages. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** One service's factory by its name, or null. */
  public static Function<ServiceContext, StreamsService> named(String name) {
    return BY_NAME.get(name);
  }
}
