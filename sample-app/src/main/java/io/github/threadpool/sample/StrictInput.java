package io.github.threadpool.sample;

import java.beans.PropertyEditorSupport;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.type.LogicalType;

/**
 * Input is taken as written or refused, never guessed at. Out of the box Jackson reads {@code "100"} and
 * {@code 1.5} as the number 100 and 1, {@code 1} as {@code true} and {@code 42} as the text "42", and
 * Spring reads the id {@code 0x10}, {@code #10}, {@code +16} or fullwidth {@code １６} as 16. Here a JSON
 * value must have the type of its field, a field must exist, and a number in a path or query is plain
 * decimal digits; everything else is a 400 problem detail that names the field and the value.
 */
@Configuration(proxyBeanMethods = false)
class StrictInput {

    /** What a number in a path or query may look like: ASCII digits only, no sign, prefix or spaces. */
    static final String DECIMAL_DIGITS = "[0-9]+";

    /**
     * {@code text} as a number if it is plain decimal digits (see {@link #DECIMAL_DIGITS}) no greater than
     * {@code max}; empty for anything else, including {@code null} and the empty text.
     */
    static OptionalLong decimal(@Nullable String text, long max) {
        if (text == null || !text.matches(DECIMAL_DIGITS)) {
            return OptionalLong.empty();
        }
        try {
            long value = Long.parseLong(text);
            return (value <= max) ? OptionalLong.of(value) : OptionalLong.empty();
        }
        catch (NumberFormatException ex) { // digits, but past Long.MAX_VALUE
            return OptionalLong.empty();
        }
    }

    @Bean
    JsonMapperBuilderCustomizer strictJsonTypes() {
        return (builder) -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // "100" is not a number
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // 1.5 is not a whole number
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // "durationMS" is a typo, not a default
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // {...} garbage is not a body
            .withCoercionConfig(LogicalType.Boolean, (config) -> config.setCoercion(CoercionInputShape.Integer,
                    CoercionAction.Fail)); // 1 is not true
        // Not number-to-text globally: actuator reads its write operations' bodies as Map<String, String>, so
        // {"workers": 3} must still become "3" there. The sample's own text fields use Text instead.
    }

    /** A JSON string and nothing else: {@code 42} or {@code true} is not a label. For the sample's text fields. */
    static final class Text extends StdScalarDeserializer<String> {

        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                return parser.getString();
            }
            return (String) context.handleUnexpectedToken(String.class, parser);
        }

    }

    /**
     * Replaces Spring's lenient text-to-number conversion (which decodes hex and {@code #}, and accepts a sign
     * and any Unicode digit) for every {@code int} and {@code long} path variable and request parameter. An
     * editor, not a converter: when a converter fails, Spring falls back to its lenient editor.
     */
    @ControllerAdvice
    static class DecimalNumbers {

        @InitBinder
        void strictNumbers(WebDataBinder binder) {
            binder.registerCustomEditor(long.class, new Decimal(Long.MAX_VALUE, false));
            binder.registerCustomEditor(Long.class, new Decimal(Long.MAX_VALUE, true));
            binder.registerCustomEditor(int.class, new Decimal(Integer.MAX_VALUE, false));
            binder.registerCustomEditor(Integer.class, new Decimal(Integer.MAX_VALUE, true));
        }

    }

    /** Plain decimal digits up to a bound, as a {@code Long} or {@code Integer}; anything else is refused. */
    private static final class Decimal extends PropertyEditorSupport {

        private final long max;

        private final boolean nullable;

        Decimal(long max, boolean nullable) {
            this.max = max;
            this.nullable = nullable;
        }

        @Override
        public void setAsText(String text) {
            if (this.nullable && (text == null || text.isEmpty())) {
                setValue(null);
                return;
            }
            long value = decimal(text, this.max)
                .orElseThrow(() -> new IllegalArgumentException("not plain decimal digits up to " + this.max)); // 400
            setValue((this.max == Long.MAX_VALUE) ? (Object) value : (Object) (int) value);
        }

    }

}
