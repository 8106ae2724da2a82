package dev.llmreplay.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a sample test class that only {@link SampleRun} runs (through EngineTestKit); anywhere else
 * (surefire, an IDE) it is skipped. Samples also get the {@link LiveApi.Url} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SampleSupport.class)
@interface Sample {}
