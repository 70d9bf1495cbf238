package io.github.threadpool.sample;

import java.util.Set;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;

/**
 * Who may do what, as a real application would say it. Anyone may open the dashboard, read the pools
 * (job values and errors masked as {@code ******}), health, info, metrics and Prometheus's scrape, and
 * submit demo jobs — the sample's public work API. The demo user's role ({@value #ROLE}, Spring Boot's
 * {@code spring.security.user.*}: a password printed at start-up, or set by
 * {@code spring.security.user.password}) is needed to resize a pool, cancel a job and read jobs' values
 * and errors ({@code GET /pools/{pool}/jobs/{id}}, {@code .../results}, and the actuator views).
 *
 * <p>A caller without credentials gets 401: a problem body, with {@code WWW-Authenticate: Basic} for API
 * clients such as curl; a browser opening a protected page is sent to the login form. Cross-site requests:
 * CSRF tokens guard the login and logout forms; every other write (the JSON API, actuator) accepts only
 * {@code application/json}, which a cross-site page cannot send without a CORS preflight this app never
 * grants (see {@link JobController}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** The demo user's role: resize, cancel, values and errors. */
    static final String ROLE = "OPS";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests((requests) -> requests
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            .requestMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard.css", "/dashboard.js", "/favicon.ico",
                    "/webjars/**", "/dashboard/latency", "/login", "/error")
            .permitAll()
            .requestMatchers(HttpMethod.GET, "/actuator", "/actuator/**").permitAll()
            .requestMatchers(HttpMethod.POST, "/pools/*/jobs", "/pools/*/jobs/batch").permitAll()
            .anyRequest().hasRole(ROLE))
            .formLogin((form) -> form.defaultSuccessUrl("/", true))
            .httpBasic((basic) -> basic.authenticationEntryPoint(basicEntryPoint()))
            .exceptionHandling((exceptions) -> exceptions
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browserPage())
                .defaultAuthenticationEntryPointFor(unauthorizedWithoutChallenge(),
                        new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest"))
                .defaultAuthenticationEntryPointFor(basicEntryPoint(), AnyRequestMatcher.INSTANCE))
            .csrf((csrf) -> csrf.requireCsrfProtectionMatcher(new OrRequestMatcher(
                    PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login"),
                    PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/logout"))))
            .logout(Customizer.withDefaults());
        return http.build();
    }

    /**
     * A request Spring Security's firewall refuses (an encoded '%', '/', '.' or ';' in the path, a character
     * that is not allowed): a 400 whose problem detail gives the firewall's reason, not a bare "Bad Request".
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, ex) -> response.sendError(HttpStatus.BAD_REQUEST.value(), ex.getMessage());
    }

    /** A page a browser navigates to (it asks for HTML first), not an API call. */
    private static MediaTypeRequestMatcher browserPage() {
        MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return matcher;
    }

    /** 401 with a Basic challenge, the body rendered as a problem detail by the error page. */
    private static BasicAuthenticationEntryPoint basicEntryPoint() {
        BasicAuthenticationEntryPoint entryPoint = new BasicAuthenticationEntryPoint();
        entryPoint.setRealmName("threadpool-sample");
        return entryPoint;
    }

    /** The dashboard's own calls: 401 without a challenge, so that the browser shows no password dialog. */
    private static AuthenticationEntryPoint unauthorizedWithoutChallenge() {
        return (request, response, ex) -> response.sendError(HttpStatus.UNAUTHORIZED.value(),
                HttpStatus.UNAUTHORIZED.getReasonPhrase());
    }
}
