package dev.kinfer.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of inference requests through a Service port from a few client threads, each waiting for its
 * answer before sending the next, recording every failure (a status other than 200, or no answer).
 */
final class SteadyLoad implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    private SteadyLoad(URI infer, String body, int clients) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> {
                while (running) {
                    send(http, infer, body);
                }
            }, "steady-load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    static SteadyLoad start(URI service, String model, String body, int clients) {
        return new SteadyLoad(service.resolve("/v2/models/" + model + "/infer"), body, clients);
    }

    private void send(HttpClient http, URI infer, String body) {
        HttpRequest request = HttpRequest.newBuilder(infer).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                succeeded.incrementAndGet();
            } else {
                failures.add(response.statusCode() + " " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    int succeeded() {
        return succeeded.get();
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(35).toMillis());
        }
    }
}
