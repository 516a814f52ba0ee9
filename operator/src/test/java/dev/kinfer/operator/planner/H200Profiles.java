package dev.kinfer.operator.planner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The measured H200 ResNet-18 figures copied into test resources (tests never read ../shared). */
public final class H200Profiles {

    static final String RESNET18_FP32 = "/planner/resnet18-h200-fp32-grid.csv";
    static final double H200_MIB = 143771;
    static final double GPU_80_GIB = 80 * 1024;

    private H200Profiles() {
    }

    public static ModelProfile resnet18Fp32() {
        return load(RESNET18_FP32);
    }

    static ModelProfile load(String resource) {
        Map<String, Double> header = new HashMap<>();
        List<ProfilePoint> points = new ArrayList<>();
        try (InputStream in = H200Profiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            boolean columns = false;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#")) {
                    String[] kv = line.substring(1).trim().split("=");
                    // Only "# key=number" lines are figures; other comment lines are prose.
                    if (kv.length == 2 && kv[1].trim().matches("[0-9.]+")) {
                        header.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
                    }
                } else if (!columns) {
                    columns = true;
                } else if (!line.isBlank()) {
                    String[] f = line.split(",");
                    points.add(new ProfilePoint(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                            Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                            Double.parseDouble(f[5])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelProfile(header.get("weightsMiB"), header.get("contextMiB"), points);
    }
}
