package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQueryTest {
  @Test
  void histogramQuantileYieldsTheBucketSeriesAndItsGroupingLabelsNotTheFunctions() {
    PromQuery query =
        PromQuery.parse(
            "panel",
            "histogram_quantile(0.95, sum by (le, service, model)"
                + " (rate(fablestream_model_calls_seconds_bucket[5m])))");

    assertThat(query.metrics())
        .isEqualTo(Map.of("fablestream_model_calls_seconds_bucket", Set.of()));
    assertThat(query.groupingLabels()).containsExactly("le", "service", "model");
  }

  @Test
  void labelMatchersBelongToTheirMetricAndLabelValuesAreNotNames() {
    PromQuery query =
        PromQuery.parse(
            "alert",
            "sum(rate(a_total{outcome!=\"success\", kind=~\"prompt|output\"}[10m])) > 0.1 * "
                + "sum(rate(b_total[15m])) and up{job=\"fablestream\"} == 0");

    assertThat(query.metrics())
        .isEqualTo(
            Map.of("a_total", Set.of("outcome", "kind"), "b_total", Set.of(), "up", Set.of("job")));
  }

  @Test
  void subqueriesKeywordsNumbersAndGrafanaVariablesAreLeftOut() {
    PromQuery query =
        PromQuery.parse(
            "alert",
            "max by (service) (lag_max) > 50 and deriv(max by (service) (lag_max)[15m:1m]) > 1e3"
                + " unless on (service) rate(x_total[$__rate_interval]) offset 5m");

    assertThat(query.metrics().keySet()).containsExactlyInAnyOrder("lag_max", "x_total");
    assertThat(query.groupingLabels()).containsExactly("service");
  }
}
