package dev.kinfer.runtime.api;

import dev.kinfer.runtime.api.v1.V1Codec;
import dev.kinfer.runtime.api.v2.InferRequest;
import dev.kinfer.runtime.api.v2.InferRequestParser;
import dev.kinfer.runtime.api.v2.SignatureCheck;
import dev.kinfer.runtime.api.v2.V2Json;
import dev.kinfer.runtime.config.RuntimeSettings;
import dev.kinfer.runtime.metrics.RuntimeMetrics;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.ModelRegistry;
import dev.kinfer.runtime.model.Tensor;
import dev.kinfer.runtime.worker.InferenceJob;
import dev.kinfer.runtime.worker.WorkerPool;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The inference endpoints, as plain Vert.x routes: V2 {@code POST /v2/models/{m}/infer} (JSON and
 * the binary tensor data extension) and V1 {@code POST /v1/models/{m}:predict}. They are the hot
 * path, so they skip the REST layer: the body is checked for size and type before it is read,
 * parsed on the event loop (on a worker thread when large), queued without blocking any thread, and
 * answered from the inference worker that completes it. {@code GET /v1/models/{m}} lives here too,
 * because a REST resource on that path would claim {@code :predict} and answer 405. Deadlines ({@code parameters.timeout} or the
 * {@code Kinfer-Timeout-Ms} header) are Vert.x timers that take a still-queued job out (504).
 */
@ApplicationScoped
public class InferRoutes {
    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    public static final String TIMEOUT_HEADER = "Kinfer-Timeout-Ms";
    /**
     * Bodies with more text than this to parse are parsed off the event loop, so one big request does not stall
     * others. The binary part of a body with the binary tensor extension is not parsed (its tensors are slices of it).
     */
    static final int PARSE_INLINE_BYTES = 256 * 1024;
    /** Before the REST layer's routes. */
    static final int ORDER = -100;

    private final RuntimeSettings settings;
    private final ModelRegistry registry;
    private final WorkerPool pool;
    private final InferRequestParser parser;
    private final V2Json v2;
    private final V1Codec v1;
    private final RuntimeMetrics metrics;

    public InferRoutes(RuntimeSettings settings, ModelRegistry registry, WorkerPool pool, InferRequestParser parser,
                       V2Json v2, V1Codec v1, RuntimeMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.registry = registry;
        this.pool = pool;
        this.parser = parser;
        this.v2 = v2;
        this.v1 = v1;
    }

    void routes(@Observes Router router) {
        router.route(HttpMethod.POST, "/v2/models/:model/infer").order(ORDER)
                .handler(ctx -> checkHeadersThenRead(ctx, false))
                .failureHandler(this::failure);
        router.routeWithRegex(HttpMethod.GET, "/v1/models/([^/:]+)").order(ORDER).handler(this::v1Status);
        router.routeWithRegex(HttpMethod.POST, "/v1/models/([^/:%]+)(?::|%3[aA])predict").order(ORDER)
                .handler(ctx -> checkHeadersThenRead(ctx, true))
                .failureHandler(this::failure);
    }

    /** KServe V1 model status: {@code {"name": ..., "ready": ...}}, 503 until the workers are warm. */
    private void v1Status(RoutingContext ctx) {
        try {
            LoadedModel model = registry.get(ctx.pathParam("param0"));
            boolean ready = pool.isReady();
            ctx.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end("{\"name\":\"" + model.name() + "\",\"ready\":" + ready + "}");
        } catch (RuntimeException e) {
            HttpErrors.send(ctx.response(), e);
        }
    }

    /** Refuses what can be refused before reading the body: a declared length over the limit, a foreign type. */
    private void checkHeadersThenRead(RoutingContext ctx, boolean v1Predict) {
        HttpServerRequest request = ctx.request();
        long declared = declaredLength(request.getHeader("Content-Length"));
        if (declared == Long.MAX_VALUE || declared > settings.maxRequestBytes()) {
            HttpErrors.send(ctx.response(), new PayloadTooLargeException(settings.maxRequestBytes()));
            return;
        }
        String type = request.getHeader("Content-Type");
        boolean binary = request.getHeader(HEADER_LENGTH) != null;
        if (type != null && !acceptable(type, binary)) {
            HttpErrors.send(ctx.response(), new UnsupportedMediaTypeException(type,
                    binary ? "application/octet-stream or application/json" : "application/json"));
            return;
        }
        BodyReader.read(ctx, settings.maxRequestBytes(), declared, bytes -> handle(ctx, v1Predict, bytes));
    }

    /** -1 without a Content-Length; Long.MAX_VALUE for one too long to be a number (Netty has checked its syntax). */
    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        String length = header.trim();
        return length.length() < 19 ? Long.parseLong(length) : Long.MAX_VALUE;
    }

    private static boolean acceptable(String type, boolean binary) {
        String t = type.toLowerCase();
        return t.startsWith("application/json") || t.contains("+json")
                || (binary && (t.startsWith("application/octet-stream") || t.startsWith("application/vnd.")));
    }

    private void failure(RoutingContext ctx) {
        Throwable error = ctx.failure();
        if (error == null && ctx.statusCode() == 413) {
            error = new PayloadTooLargeException(settings.maxRequestBytes());
        } else if (error == null) {
            error = new InvalidRequestException("the request could not be read (HTTP " + ctx.statusCode() + ")");
        }
        HttpErrors.send(ctx.response(), error);
    }

    private void handle(RoutingContext ctx, boolean v1Predict, byte[] bytes) {
        long arrived = System.nanoTime();
        Context requestContext = ctx.vertx().getOrCreateContext(); // the event loop's, as this runs on it
        if (textBytes(v1Predict ? null : ctx.request().getHeader(HEADER_LENGTH), bytes.length) > PARSE_INLINE_BYTES) {
            ctx.vertx().executeBlocking(() -> {
                submit(ctx, requestContext, v1Predict, bytes, arrived);
                return null;
            }, false);
        } else {
            submit(ctx, requestContext, v1Predict, bytes, arrived);
        }
    }

    /**
     * Runs {@code write} on the request's event loop: a worker thread formats the answer and hands only the write
     * over. Writing from the worker made Netty and Vert.x hop to the event loop inside their own dispatch code, whose
     * call sites then saw both kinds of thread and context, and the JIT kept recompiling them (bench run 28).
     */
    private static void onEventLoop(Context requestContext, Runnable write) {
        if (Vertx.currentContext() == requestContext) {
            write.run();
        } else {
            requestContext.runOnContext(v -> write.run());
        }
    }

    /**
     * The bytes of a body that are text to parse: with the binary tensor extension its JSON part, whose length
     * {@code headerLength} gives ({@value #HEADER_LENGTH}, null without the extension), else all of it. A header that
     * is not a length within the body counts the whole body; the parser then refuses it, naming the header. A
     * ResNet-18 image with the extension is a few hundred bytes of JSON and 602,112 of tensor: parsed on the event
     * loop it saves the hop to a worker thread and back (bench run 27: the executor thread's 0.3 CPU-ms a request).
     */
    static long textBytes(String headerLength, int bodyLength) {
        if (headerLength == null) {
            return bodyLength;
        }
        try {
            long json = Long.parseLong(headerLength.trim());
            return json >= 0 && json <= bodyLength ? json : bodyLength;
        } catch (NumberFormatException e) {
            return bodyLength;
        }
    }

    private void submit(RoutingContext ctx, Context requestContext, boolean v1Predict, byte[] bytes, long arrived) {
        try {
            LoadedModel model = registry.get(v1Predict ? ctx.pathParam("param0") : ctx.pathParam("model"));
            OptionalLong headerTimeout = headerTimeout(ctx);
            if (v1Predict) {
                InferenceJob job = queue(ctx, v1.parse(model, bytes), headerTimeout, arrived);
                job.result().whenComplete((outputs, error) -> onEventLoop(requestContext, answer(ctx, error, () -> {
                    Buffer body = Buffer.buffer(v1.predictions(outputs));
                    return () -> ctx.response().putHeader("Content-Type", "application/json").end(body);
                })));
                return;
            }
            InferRequest request = parse(ctx, bytes);
            List<Tensor> inputs = SignatureCheck.apply(model, request.inputs());
            OptionalLong timeout = request.timeoutMillis().isPresent() ? request.timeoutMillis() : headerTimeout;
            InferenceJob job = queue(ctx, inputs, timeout, arrived);
            job.result().whenComplete((outputs, error) -> onEventLoop(requestContext, answer(ctx, error, () -> {
                V2Json.Encoded encoded = v2.inferResponse(model, request, outputs);
                return () -> respond(ctx, encoded);
            })));
        } catch (RuntimeException e) {
            HttpErrors.send(ctx.response(), e);
        }
    }

    /**
     * A finished job's answer as a write for the event loop: the error when the job failed, else what {@code format}
     * returns, formatted here (on the worker that finished the job); a failure to format is answered as an error, not
     * left unanswered.
     */
    private static Runnable answer(RoutingContext ctx, Throwable error, Supplier<Runnable> format) {
        if (error != null) {
            return () -> HttpErrors.send(ctx.response(), error);
        }
        try {
            return format.get();
        } catch (RuntimeException e) {
            return () -> HttpErrors.send(ctx.response(), e);
        }
    }

    private InferRequest parse(RoutingContext ctx, byte[] bytes) {
        String header = ctx.request().getHeader(HEADER_LENGTH);
        if (header == null) {
            return parser.parse(bytes);
        }
        long jsonLength;
        try {
            jsonLength = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(HEADER_LENGTH + " is '" + header + "' but must be the byte length of the JSON part");
        }
        if (jsonLength < 0 || jsonLength > bytes.length) {
            throw new InvalidRequestException(HEADER_LENGTH + " is " + jsonLength + " but the body has only "
                    + bytes.length + " bytes; it must be the byte length of the JSON part at the start of the body");
        }
        ByteBuffer binary = ByteBuffer.wrap(bytes, (int) jsonLength, bytes.length - (int) jsonLength).slice();
        return parser.parse(bytes, (int) jsonLength, binary);
    }

    private OptionalLong headerTimeout(RoutingContext ctx) {
        String value = ctx.request().getHeader(TIMEOUT_HEADER);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis >= 1 && millis <= 86_400_000L) {
                return OptionalLong.of(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException(TIMEOUT_HEADER + " is '" + value + "' but must be a whole number of"
                + " milliseconds from 1 to 86400000");
    }

    private InferenceJob queue(RoutingContext ctx, List<Tensor> inputs, OptionalLong timeout, long arrived) {
        InferenceJob job = deadlined(ctx, inputs, timeout, arrived);
        metrics.accepted();
        job.result().whenComplete((r, e) -> metrics.answered());
        return job;
    }

    private InferenceJob deadlined(RoutingContext ctx, List<Tensor> inputs, OptionalLong timeout, long arrived) {
        if (timeout.isEmpty()) {
            return pool.submit(inputs, InferenceJob.NO_DEADLINE);
        }
        long millis = timeout.getAsLong();
        long deadline = arrived + TimeUnit.MILLISECONDS.toNanos(millis);
        InferenceJob job = pool.submit(inputs, deadline);
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        long timer = ctx.vertx().setTimer(left, id -> pool.expire(job, millis));
        job.result().whenComplete((r, e) -> ctx.vertx().cancelTimer(timer));
        return job;
    }

    private static void respond(RoutingContext ctx, V2Json.Encoded encoded) {
        if (encoded.binary()) {
            ctx.response().putHeader("Content-Type", "application/octet-stream")
                    .putHeader(HEADER_LENGTH, Integer.toString(encoded.jsonLength()));
        } else {
            ctx.response().putHeader("Content-Type", "application/json");
        }
        ctx.response().end(Buffer.buffer(encoded.body()));
    }
}
