/**
 * JSON schemas that carry the TypeScript type they describe. The response schemas
 * (responseSchemas.ts) are built with these, and each is declared with the DTO it stands
 * for (`Schema<LocationDto>`), so a schema and its DTO cannot drift apart without a type
 * error. Plain JSON-schema data at run time: the server hands them to Fastify, whose
 * serializer writes only what a schema names — hence objects closed by
 * `additionalProperties: false` and every field listed, so a test can check real answers
 * against them.
 */

declare const TYPE: unique symbol;

/** A JSON schema of the values of type T (the type is only for the compiler). */
export type Schema<T> = Readonly<Record<string, unknown>> & {
  /** Invariant in T: a Schema<A> is a Schema<B> only when A and B are the same shape. */
  readonly [TYPE]?: (value: T) => T;
};

export type TypeOf<S> = S extends Schema<infer T> ? T : never;

/** An intersection as one object type (identity tells them apart). */
type Flat<T> = T extends object ? { [K in keyof T]: T[K] } : T;

/** Identical types, optional and readonly fields and nested shapes included (mutual assignability is not enough: it would let a schema omit an optional field, which the serializer would then drop). */
type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

/**
 * The schema of exactly T: `schemaOf<LocationDto>()(object({…}))` does not compile when
 * the schema's type differs from the DTO in any field, nested or optional.
 */
export const schemaOf =
  <T>() =>
  <S extends AnySchema>(
    schema: S & (Equal<TypeOf<S>, Flat<T>> extends true ? unknown : { readonly notTheDto: T }),
  ): Schema<T> =>
    schema;

/** A schema of any type, as a container holds it. */
export type AnySchema = Readonly<Record<string, unknown>>;

export const string: Schema<string> = { type: 'string' };
export const integer: Schema<number> = { type: 'integer' };
export const number: Schema<number> = { type: 'number' };
export const boolean: Schema<boolean> = { type: 'boolean' };
/** Any JSON value (free-form details): written as JSON.stringify writes it. */
export const anyValue: Schema<unknown> = {};

/** A string from a closed list. */
export const oneOf = <const V extends readonly string[]>(values: V): Schema<V[number]> => ({
  type: 'string',
  enum: values,
});

/** A string of a type the compiler knows and the schema does not list (a long code union). */
export const stringAs = <T extends string>(): Schema<T> => string as Schema<T>;

/** T or null. */
export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  const { type, enum: values, ...rest } = schema;
  // A named schema stays whole (the docs show its name): null beside it, not inside it.
  if (typeof type === 'string' && rest.title === undefined) {
    return {
      ...rest,
      type: [type, 'null'],
      ...(Array.isArray(values) ? { enum: [...(values as unknown[]), null] } : {}),
    } as Schema<T | null>;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

/** One of two shapes. */
export const either = <A, B>(a: Schema<A>, b: Schema<B>): Schema<A | B> => ({ anyOf: [a, b] });

export const array = <T>(items: Schema<T>): Schema<readonly T[]> => ({ type: 'array', items });

/** An object with arbitrary keys whose values are all `values`. */
export const record = <T>(values: Schema<T>): Schema<Readonly<Record<string, T>>> => ({
  type: 'object',
  additionalProperties: values,
});

type Shape = Readonly<Record<string, AnySchema>>;
type Props<P extends Shape> = { readonly [K in keyof P]: TypeOf<P[K]> };
type Optional<P extends Shape> = { readonly [K in keyof P]?: TypeOf<P[K]> };

/** An object with exactly these fields: `required` always sent, `optional` sometimes. */
export function object<R extends Shape>(required: R): Schema<Flat<Props<R>>>;
export function object<R extends Shape, O extends Shape>(
  required: R,
  optional: O,
): Schema<Flat<Props<R> & Optional<O>>>;
export function object(required: Shape, optional: Shape = {}): AnySchema {
  return {
    type: 'object',
    required: Object.keys(required),
    additionalProperties: false,
    properties: { ...required, ...optional },
  };
}

/** A schema with a name: docs/api.md shows the name where it is used and the shape once. */
export const named = <T>(title: string, schema: Schema<T>): Schema<T> => ({ title, ...schema });

/** One response of a route: a JSON body, raw bytes of a content type, or nothing (204). */
export type ResponseBody = AnySchema | { readonly binary: string } | { readonly empty: true };

export const binary = (contentType: string): ResponseBody => ({ binary: contentType });
export const empty: ResponseBody = { empty: true };

export const isJsonBody = (r: ResponseBody): boolean => !('binary' in r) && !('empty' in r);
