package dev.loadtest.api.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SvgLineChartTest {

    @Test
    void axisMaximumIsARoundNumberAtOrAboveTheData() {
        assertThat(SvgLineChart.niceCeiling(0)).isEqualTo(1);
        assertThat(SvgLineChart.niceCeiling(0.3)).isEqualTo(0.5);
        assertThat(SvgLineChart.niceCeiling(1)).isEqualTo(1);
        assertThat(SvgLineChart.niceCeiling(137)).isEqualTo(200);
        assertThat(SvgLineChart.niceCeiling(501)).isEqualTo(1000);
    }

    @Test
    void drawsOnePolylineWithAPointPerTimeWithinTheViewBox() {
        String svg = SvgLineChart.render("RPS", new long[] {0, 1000, 2000},
                List.of(new SvgLineChart.Series("RPS", "#00a000", new double[] {0, 50, 100})));

        String points = svg.replaceAll("(?s).*points=\"([^\"]*)\".*", "$1");
        assertThat(points.split(" ")).hasSize(3)
                .allSatisfy(p -> {
                    double x = Double.parseDouble(p.split(",")[0]);
                    double y = Double.parseDouble(p.split(",")[1]);
                    assertThat(x).isBetween(0.0, 960.0);
                    assertThat(y).isBetween(0.0, 260.0);
                });
        assertThat(svg).contains("00:00:00", "00:00:02");
    }
}
