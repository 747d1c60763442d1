package io.stagedoor.bootstrap.performance;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one timer wheel behind the app's per-request timeouts (request deadline, Redis call bound). */
@Configuration(proxyBeanMethods = false)
class TimerConfiguration {

    @Bean(initMethod = "init", destroyMethod = "dispose")
    WheelTimerScheduler requestTimers() {
        return new WheelTimerScheduler("stagedoor-timers");
    }
}
