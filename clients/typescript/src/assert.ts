// Type-level checks: a call compiles only when the value's type says something.
// `known(x)` fails to compile when x is `any`, `unknown` or `never`, which is what
// openapi-typescript produces from a schema that describes nothing.

export type IsAny<T> = 0 extends 1 & T ? true : false;
export type IsNever<T> = [T] extends [never] ? true : false;
export type IsUnknown<T> =
  IsAny<T> extends true ? false : unknown extends T ? true : false;

/** True when T is a real type: not any, unknown or never. */
export type IsKnown<T> =
  IsAny<T> extends true
    ? false
    : IsNever<T> extends true
      ? false
      : IsUnknown<T> extends true
        ? false
        : true;

export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type Failure<Message extends string> = [Message];

/** Returns `value`; does not compile when its type is any, unknown or never. */
export function known<T>(
  value: T,
  ..._proof: IsKnown<T> extends true ? [] : Failure<"this field is any, unknown or never">
): T {
  return value;
}

/** `exactly<string>()(x)` compiles only when x is exactly a string (not string | undefined). */
export function exactly<Expected>() {
  return <T>(
    value: T,
    ..._proof: Equal<T, Expected> extends true ? [] : Failure<"this field has another type">
  ): T => value;
}

/** Compiles only when Condition is true. */
export type Assert<Condition extends true> = Condition;
