package dev.hisabkitab.sync.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the sandbox refuses: the HTTP status, the envelope message and, for 422, the field errors
 * (dotted field path → messages). Thrown by {@link SandboxCompany#create} as well as answered over HTTP.
 */
public final class SandboxApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final Map<String, List<String>> errors;
    final Map<String, String> headers = new LinkedHashMap<>();

    SandboxApiException(int status, String message, Map<String, List<String>> errors) {
        super(message, null, false, false);
        this.status = status;
        this.errors = errors;
    }

    static SandboxApiException of(int status, String message) {
        return new SandboxApiException(status, message, null);
    }

    static SandboxApiException notFound(String message) {
        return of(404, message);
    }

    static SandboxApiException invalid(Map<String, List<String>> errors) {
        return new SandboxApiException(422, "The given data was invalid.", errors);
    }

    static SandboxApiException invalid(String field, String message) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        errors.put(field, List.of(message));
        return invalid(errors);
    }

    public int status() {
        return status;
    }

    /** The field errors of a 422, else an empty map. */
    public Map<String, List<String>> errors() {
        return errors == null ? Map.of() : errors;
    }

    SandboxApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
