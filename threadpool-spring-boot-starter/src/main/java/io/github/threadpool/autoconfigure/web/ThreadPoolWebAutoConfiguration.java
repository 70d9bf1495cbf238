package io.github.threadpool.autoconfigure.web;

import io.github.threadpool.autoconfigure.ConditionalOnSwitch;
import io.github.threadpool.autoconfigure.ThreadPoolAutoConfiguration;
import io.github.threadpool.autoconfigure.ThreadPoolProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * In a servlet web application, a job refused by a pool answers {@code 503 Service Unavailable} with
 * {@code Retry-After} and a problem body ({@link JobRejectedExceptionHandler}). On by default; off with
 * {@code threadpool.web.rejections.enabled=false}, or by defining a {@link JobRejectedExceptionHandler}.
 */
@AutoConfiguration(after = ThreadPoolAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, ProblemDetail.class })
@ConditionalOnSwitch(value = "threadpool.web.rejections.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ThreadPoolProperties.class)
public final class ThreadPoolWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JobRejectedExceptionHandler jobRejectedExceptionHandler(ThreadPoolProperties properties) {
        ThreadPoolProperties.Web.Rejections rejections = properties.getWeb().getRejections();
        return new JobRejectedExceptionHandler(rejections.getRetryAfter(), new RejectionLog(rejections.getLogInterval()));
    }
}
