package dev.touchflow.platform.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text that ends up in a mail header, a subject or a log line: no control characters (CR and LF
 * would inject headers), no Unicode line or paragraph separators. Null passes.
 */
@Documented
@Constraint(validatedBy = {})
@Target({
    ElementType.FIELD,
    ElementType.PARAMETER,
    ElementType.RECORD_COMPONENT,
    ElementType.TYPE_USE,
    ElementType.METHOD
})
@Retention(RetentionPolicy.RUNTIME)
@Pattern(regexp = "[^\\p{Cntrl}\\u0080-\\u009f\\u2028\\u2029]*")
@ReportAsSingleViolation
public @interface SingleLine {

    String message() default "must not hold a control character or a line break";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
