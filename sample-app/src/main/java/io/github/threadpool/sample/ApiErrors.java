package io.github.threadpool.sample;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error raised in Spring MVC, on every path (the sample's own, actuator's, static resources), as an
 * RFC 9457 problem detail, never a 500 with a stack trace: Spring MVC's own (404 no such path, 405 method,
 * 415 media type, unreadable body, wrong types) through the base class, and the API's. Errors raised outside
 * Spring MVC reach {@link ProblemErrorController} or, before the application, {@link ProblemErrorReportValve}.
 * <p>
 * An unreadable body on one of the sample's endpoints says what a good body looks like; on anyone else's
 * (actuator's resize, say) it does not, because the example would be wrong there.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    /** The example shown for an unreadable body, by the type the endpoint reads. */
    private static final Map<Class<?>, String> EXAMPLES = Map.of(JobRequest.class, JobRequest.EXAMPLE,
            BatchRequest.class, BatchRequest.EXAMPLE);

    @ExceptionHandler
    ProblemDetail invalidRequest(InvalidJobRequestException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid job request", ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail jobNotFound(JobNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Job not found", ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail jobFinished(JobFinishedException ex) {
        return problem(HttpStatus.CONFLICT, "Job already finished", ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail poolNotFound(PoolNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Pool not found", ex.getMessage());
    }

    /** What a query parameter Tomcat could not decode is refused with, here or by {@link ProblemErrorController}. */
    static final String UNDECODABLE_PARAMETER = "A query parameter could not be decoded: "
            + "use UTF-8 and percent-encoding (%XX with two hexadecimal digits)";

    /** Tomcat could not decode a query parameter ({@code ?max=%zz}): the client's mistake, not the server's. */
    @ExceptionHandler
    ProblemDetail undecodableParameter(InvalidParameterException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", UNDECODABLE_PARAMETER);
    }

    /** A body past {@link RequestSizeLimit}'s bound, malformed JSON, a value of the wrong type, or none. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        RequestSizeLimit.TooLargeException tooLarge = causeOf(ex, RequestSizeLimit.TooLargeException.class);
        if (tooLarge != null) {
            problem = problem(HttpStatus.CONTENT_TOO_LARGE, HttpStatus.CONTENT_TOO_LARGE.getReasonPhrase(),
                    tooLarge.getMessage());
        }
        else {
            String example = bodyType(request).map(EXAMPLES::get).orElse(null);
            problem = problem(HttpStatus.BAD_REQUEST, "Unreadable request body",
                    (example != null) ? "Expected a JSON body such as " + example + "; " + reason(ex) : reason(ex));
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    /** A path variable or query parameter that is not of its type: for a number, say what a number is here. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Class<?> type = ex.getRequiredType();
        String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "value";
        String accepted = (type == Long.class || type == long.class) ? "plain decimal digits (0-9) up to " + Long.MAX_VALUE
                : (type == Integer.class || type == int.class) ? "plain decimal digits (0-9) up to " + Integer.MAX_VALUE
                : "a " + ((type != null) ? type.getSimpleName() : "value of another type");
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request",
                "'" + name + "' must be " + accepted + ", was '" + shorten(String.valueOf(ex.getValue())) + "'");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** The type of the {@code @RequestBody} the handler that failed reads, if it is a controller method. */
    private static Optional<Class<?>> bodyType(WebRequest request) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
                RequestAttributes.SCOPE_REQUEST) instanceof HandlerMethod handler) {
            return Arrays.stream(handler.getMethodParameters())
                .filter((parameter) -> parameter.hasParameterAnnotation(RequestBody.class))
                .<Class<?>>map(MethodParameter::getParameterType)
                .findFirst();
        }
        return Optional.empty();
    }

    /** What was wrong, in one line, naming the field when Jackson knows it; never a stack trace. */
    private static String reason(HttpMessageNotReadableException ex) {
        JacksonException json = causeOf(ex, JacksonException.class);
        if (json == null) {
            return "the body is missing or cannot be read";
        }
        String path = json.getPath().stream()
            .map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."));
        String message = complaint(json);
        if (path.isEmpty()) {
            return message.startsWith("must be ") ? "the body " + message : message;
        }
        return "field '" + path + "': " + message;
    }

    /**
     * What was wrong with the value, in the API's words: the JSON type expected and the one sent, or the
     * fields there are. Jackson's own message names Java types, settings and source locations, which mean
     * nothing to a caller of a JSON API: a second value after the body is said in the API's words, and for
     * malformed JSON only the first sentence of Jackson's message is kept, its location cut off.
     */
    private static String complaint(JacksonException json) {
        if (json instanceof PropertyBindingException unknown && unknown.getKnownPropertyIds() != null) {
            return "unknown field; the fields are " + unknown.getKnownPropertyIds().stream()
                .map(String::valueOf).sorted().collect(Collectors.joining(", "));
        }
        String message = String.valueOf(json.getOriginalMessage()).lines().findFirst().orElse("");
        if (message.startsWith("Trailing token")) {
            return "more JSON follows the body's object; send exactly one object";
        }
        if (json instanceof InputCoercionException coercion) {
            String range = range(coercion.getTargetType());
            return (range != null) ? "must be a whole number from " + range : "is a number out of range";
        }
        String expected = (json instanceof MismatchedInputException mismatch) ? jsonType(mismatch.getTargetType()) : null;
        if (expected == null && json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && mismatch.getTargetType().isRecord()) {
            expected = "an object"; // a body, or a field, that is one of the API's objects
        }
        if (expected != null) {
            MismatchedInputException mismatch = (MismatchedInputException) json;
            JsonToken sent = (mismatch.getCurrentToken() != null) ? mismatch.getCurrentToken()
                    : (json.processor() instanceof JsonParser parser) ? parser.currentToken() : null;
            String was = jsonType(sent);
            return "must be " + expected + ((was != null) ? ", was " + was : "");
        }
        message = JACKSON_LOCATION.matcher(message).replaceAll("");
        if (message.contains("`")) { // Jackson quotes Java types so: never hand them to the caller
            return "cannot be read as this endpoint's body";
        }
        return "not valid JSON: " + message;
    }

    /** The range of a whole-number field's Java type, in words; {@code null} for another type. */
    private static @Nullable String range(@Nullable Class<?> type) {
        if (type == long.class || type == Long.class) {
            return Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == int.class || type == Integer.class) {
            return Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        return null;
    }

    /** Where Jackson says its parser was, inside its message: "(start marker at [Source: ...; line: 1, column: 1])". */
    private static final java.util.regex.Pattern JACKSON_LOCATION = java.util.regex.Pattern.compile("\\s*\\(start marker at \\[.*\\]\\)");

    /** The JSON type of a field's Java type, for the scalars the API's bodies have; {@code null} for others. */
    private static @Nullable String jsonType(@Nullable Class<?> type) {
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return (type == String.class) ? "a string" : null;
    }

    private static @Nullable String jsonType(@Nullable JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> null;
        };
    }

    private static <T extends Throwable> @Nullable T causeOf(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** A value echoed back is cut short: the detail names it, it does not reflect a whole request. */
    static String shorten(String value) {
        return shorten(value, 64);
    }

    static String shorten(String value, int max) {
        return (value.length() <= max) ? value : value.substring(0, max) + "…";
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

}
