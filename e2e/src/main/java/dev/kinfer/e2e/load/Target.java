package dev.kinfer.e2e.load;

import java.net.URI;
import java.util.Map;

/**
 * What every request of a load run sends: one fixed body to one URL.
 *
 * @param samples samples per request, to turn requests/s into samples/s
 */
public record Target(URI uri, byte[] body, Map<String, String> headers, int samples) {
}
