package dev.kinfer.runtime.api;

/** The one error shape every endpoint answers with: {@code {"error": "..."}}. */
public record ErrorBody(String error) {
}
