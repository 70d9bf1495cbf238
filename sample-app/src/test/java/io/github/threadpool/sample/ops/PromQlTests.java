package io.github.threadpool.sample.ops;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PromQlTests {

    @Test
    void everyComparisonOperatorGetsBool() {
        assertThat(PromQl.withBoolComparisons("a > 0.8")).isEqualTo("a > bool 0.8");
        assertThat(PromQl.withBoolComparisons("a < b and c")).isEqualTo("a < bool b and c");
        assertThat(PromQl.withBoolComparisons("a>=1 or b<=2 or c==3 or d!=4"))
            .isEqualTo("a>= bool1 or b<= bool2 or c== bool3 or d!= bool4");
    }

    @Test
    void labelMatchersStringsAndExistingBoolAreLeftAlone() {
        assertThat(PromQl.withBoolComparisons("rate(x{outcome!=\"failed\", name=~\"a|b\", le!~\">1\"}[5m]) > 0"))
            .isEqualTo("rate(x{outcome!=\"failed\", name=~\"a|b\", le!~\">1\"}[5m]) > bool 0");
        assertThat(PromQl.withBoolComparisons("label_replace(x, \"a\", \"<$1>\", \"b\", \"(.*)\") == bool 1"))
            .isEqualTo("label_replace(x, \"a\", \"<$1>\", \"b\", \"(.*)\") == bool 1");
    }

    @Test
    void grafanaVariablesAreReplacedAndNoneMayBeLeft() {
        Map<String, String> values = Map.of("name", "reports|emails", "__rate_interval", "5m");
        assertThat(PromQl.withVariables("rate(x{name=~\"$name\"}[$__rate_interval])", values))
            .isEqualTo("rate(x{name=~\"reports|emails\"}[5m])");
        assertThat(PromQl.withVariables("x{name=~\"${name}\"}", values)).isEqualTo("x{name=~\"reports|emails\"}");
        assertThatIllegalArgumentException().isThrownBy(() -> PromQl.withVariables("x{instance=~\"$instance\"}", values))
            .withMessageContaining("$instance");
    }

}
