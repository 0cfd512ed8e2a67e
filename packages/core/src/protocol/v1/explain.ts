/**
 * Why a message failed its check, in one line: `<name>: missing field 'x'`,
 * `<name>: field 'x' is not <type>` or `<name>: not <type>`. Only the failure
 * path loads this file, and with it the schemas and TypeBox's error walker.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { Errors, ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { allMessages, type Message } from './messages';

let messages: Map<string, Message> | undefined;

/** What a value of a schema's type is called in messages. */
function describe(schema: TSchema): string {
  switch (schema[Kind]) {
    case 'String':
      return 'a string';
    case 'Number':
    case 'Integer':
      return 'a number';
    case 'Boolean':
      return 'a boolean';
    case 'Null':
      return 'null';
    case 'Array':
      return 'a list';
    case 'Object':
    case 'Record':
      return 'a map';
    case 'Uint8Array':
      return schema.minByteLength === undefined ? 'bytes' : `${schema.minByteLength as number} bytes`;
    case 'Literal':
      return JSON.stringify(schema.const);
    case 'Union':
      return (schema.anyOf as TSchema[]).map(describe).join(' or ');
    default:
      return `of kind ${String(schema[Kind])}`;
  }
}

/** The one-line reason of one error of the message `name`. */
function reason(name: string, error: ValueError): string {
  const field = error.path.replace(/^\//, '').replace(/\//g, '.');
  if (error.type === ValueErrorType.ObjectRequiredProperty) return `${name}: missing field '${field}'`;
  const what = describe(error.schema);
  return field === '' ? `${name}: not ${what}` : `${name}: field '${field}' is not ${what}`;
}

/** Why `value` is not a message `name` of schema `schema`: the first missing or mistyped field. */
export function explainAgainst(name: string, schema: TSchema, value: unknown): string {
  const first = Errors(schema, value).First();
  return first ? reason(name, first) : `${name}: malformed`;
}

/** Why `value` is not the message of `key` (messages.ts), named by the message's name. */
export function explain(key: string, value: unknown): string {
  messages ??= allMessages();
  const message = messages.get(key);
  return message ? explainAgainst(message.name, message.schema, value) : `${key}: malformed`;
}
