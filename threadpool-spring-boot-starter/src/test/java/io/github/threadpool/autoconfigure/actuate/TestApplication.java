package io.github.threadpool.autoconfigure.actuate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A bare web application with the starter and actuator on the class path, for the endpoint's HTTP tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {

}
