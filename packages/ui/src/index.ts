export { cx } from "./cx";
export { Button, buttonClass, Spinner, type ButtonProps, type ButtonVariant } from "./button";
export { Field, inputClass, type FieldProps } from "./field";
export { Alert, Badge, EmptyState, type Tone } from "./feedback";
export { Card, Meter, Stat } from "./card";
