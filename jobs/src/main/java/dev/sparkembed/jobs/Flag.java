package dev.sparkembed.jobs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a job option once, on its config record's component: the component's kebab-case name
 * is both the flag ({@code --max-list-rows}) and the JSON config key ({@code "max-list-rows"}).
 * The CLI builds its flags from these; {@link ConfigFiles} fills in the defaults.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Flag {

  /** What the option does, for --help. */
  String value();

  /** The value's placeholder in --help ({@code PATH}, {@code N}). */
  String label() default "";

  /** The default, as JSON (or plain text for a string); empty for none (the value stays null). */
  String defaultValue() default "";
}
