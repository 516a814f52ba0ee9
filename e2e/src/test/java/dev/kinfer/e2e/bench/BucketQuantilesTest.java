package dev.kinfer.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BucketQuantilesTest {
    private static String scrape(long under10ms, long under20ms, long under50ms, long all) {
        return "# TYPE kinfer_inference_seconds histogram\n"
                + "kinfer_inference_seconds_bucket{le=\"0.01\",} " + under10ms + ".0\n"
                + "kinfer_inference_seconds_bucket{le=\"0.02\",} " + under20ms + ".0\n"
                + "kinfer_inference_seconds_bucket{le=\"0.05\",} " + under50ms + ".0\n"
                + "kinfer_inference_seconds_bucket{le=\"+Inf\",} " + all + ".0\n"
                + "kinfer_requests_seconds_bucket{endpoint=\"v2_infer\",status=\"200\",le=\"0.01\",} 999.0\n";
    }

    @Test
    void readsTheIntervalBetweenTwoScrapesNotTheirTotals() {
        // before: 100 calls all under 10 ms (warm-up); the window adds 100: 50 under 10 ms, 40 in (10, 20], 10 in (20, 50]
        BucketQuantiles window = BucketQuantiles.between(scrape(100, 100, 100, 100), scrape(150, 190, 200, 200),
                "kinfer_inference_seconds_bucket{");

        assertThat(window.count()).isEqualTo(100);
        assertThat(window.quantile(0.5)).isCloseTo(0.010, within(1e-12));
        assertThat(window.quantile(0.7)).as("halfway through the (10, 20] bucket").isCloseTo(0.015, within(1e-12));
        assertThat(window.quantile(0.99)).as("9/10 of the way through (20, 50]").isCloseTo(0.047, within(1e-12));
    }

    @Test
    void aQuantileInTheOpenBucketIsTheLastFiniteBound() {
        BucketQuantiles window = BucketQuantiles.between("", scrape(0, 0, 50, 100), "kinfer_inference_seconds_bucket{");

        assertThat(window.quantile(0.99)).isEqualTo(0.05);
    }

    @Test
    void noObservationsGiveNoQuantile() {
        BucketQuantiles window = BucketQuantiles.between(scrape(5, 5, 5, 5), scrape(5, 5, 5, 5),
                "kinfer_inference_seconds_bucket{");

        assertThat(window.count()).isZero();
        assertThat(window.quantile(0.99)).isNaN();
    }

    @Test
    void selectsTheLabelledSeriesByItsPrefix() {
        BucketQuantiles requests = BucketQuantiles.between("", scrape(0, 0, 0, 0),
                "kinfer_requests_seconds_bucket{endpoint=\"v2_infer\",status=\"200\",");

        assertThat(requests.count()).isEqualTo(999);
        assertThat(requests.quantile(0.5)).isCloseTo(0.005, within(1e-12));
    }
}
