/**
 * Generates the API reference (dist/web/docs/index.html) from the SDL's descriptions, at build time: the docs are a
 * pure function of schema/*.graphql, so rendering them once per build (like the board's bundle) costs the hub
 * nothing at start, and the published file is exactly what was reviewed. The hub serves it at /docs/. Run by
 * `npm run build` (through scripts/build-web.ts) and before the tests.
 *
 * One static page, no script: a sidebar of every type by kind, then one section per type with its fields,
 * arguments, input fields or values, each with its description and deprecation.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { projectPath } from '../src/project-root.js';
import { buildSdlSchema } from './schema-sdl.js';

export const DOCS_OUT_DIR = projectPath('dist', 'web', 'docs');

type Kind = 'Operations' | 'Objects' | 'Interfaces' | 'Unions' | 'Input objects' | 'Enums' | 'Scalars';
const KIND_ORDER: readonly Kind[] = ['Operations', 'Objects', 'Interfaces', 'Unions', 'Input objects', 'Enums', 'Scalars'];

export const HOME_OUT_DIR = projectPath('dist', 'web', 'home');

/** Writes the reference, and the development landing page that leads to it (it borrows the reference's styles). */
export async function buildDocs(schema: GraphQLSchema = buildSdlSchema()): Promise<void> {
  await Promise.all([mkdir(DOCS_OUT_DIR, { recursive: true }), mkdir(HOME_OUT_DIR, { recursive: true })]);
  await Promise.all([
    writeFile(`${DOCS_OUT_DIR}/index.html`, renderReference(schema)),
    copyFile(projectPath('web', 'docs', 'docs.css'), `${DOCS_OUT_DIR}/docs.css`),
    copyFile(projectPath('web', 'home', 'index.html'), `${HOME_OUT_DIR}/index.html`),
    copyFile(projectPath('web', 'home', 'home.css'), `${HOME_OUT_DIR}/home.css`),
  ]);
}

export function renderReference(schema: GraphQLSchema): string {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((type) => type != null);
  const rootNames = new Set(roots.map((type) => type.name));
  const others = Object.values(schema.getTypeMap())
    .filter((type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type) && !rootNames.has(type.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  const byKind = new Map<Kind, GraphQLNamedType[]>(KIND_ORDER.map((kind) => [kind, []]));
  byKind.get('Operations')?.push(...roots);
  for (const type of others) byKind.get(kindOf(type))?.push(type);

  const nav = KIND_ORDER.filter((kind) => (byKind.get(kind)?.length ?? 0) > 0)
    .map((kind) => `<h2>${kind}</h2><ul>${(byKind.get(kind) ?? []).map((type) => `<li>${typeLink(type.name)}</li>`).join('')}</ul>`)
    .join('\n');
  const sections = KIND_ORDER.flatMap((kind) => byKind.get(kind) ?? []).map(renderType).join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sepucuk API reference</title>
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<nav class="types" aria-label="Types">
<p class="home"><a href="/">Sepucuk</a></p>
${nav}
</nav>
<main>
<header>
<h1>Sepucuk API reference</h1>
<p>One GraphQL API over the public-service agencies of Jambi province, at <code>/graphql</code> (HTTP POST, and
graphql-ws subscriptions on the same path). Generated from the schema's descriptions; the names in it change only
after a deprecation.</p>
</header>
${sections}
</main>
</body>
</html>
`;
}

function kindOf(type: GraphQLNamedType): Kind {
  if (isObjectType(type)) return 'Objects';
  if (isInterfaceType(type)) return 'Interfaces';
  if (isUnionType(type)) return 'Unions';
  if (isInputObjectType(type)) return 'Input objects';
  if (isEnumType(type)) return 'Enums';
  return 'Scalars';
}

function renderType(type: GraphQLNamedType): string {
  const heading = `<h2><a class="anchor" href="#${attr(type.name)}">${escape(type.name)}</a> <span class="kind">${escape(kindLabel(type))}</span></h2>`;
  const parts = [heading, description(type.description)];
  if (isObjectType(type) || isInterfaceType(type)) {
    const interfaces = type.getInterfaces();
    if (interfaces.length > 0) parts.push(`<p class="implements">Implements ${interfaces.map((i) => typeLink(i.name)).join(', ')}.</p>`);
    parts.push(`<dl class="fields">${Object.values(type.getFields()).map((field) => renderField(type.name, field)).join('')}</dl>`);
  } else if (isUnionType(type)) {
    parts.push(`<p class="members">One of ${type.getTypes().map((member) => typeLink(member.name)).join(', ')}.</p>`);
  } else if (isInputObjectType(type)) {
    parts.push(`<dl class="fields">${Object.values(type.getFields()).map((field) => renderInputField(type.name, field)).join('')}</dl>`);
  } else if (isEnumType(type)) {
    const values = type.getValues().map(
      (value) => `<dt id="${attr(`${type.name}.${value.name}`)}"><code>${escape(value.name)}</code>${deprecation(value.deprecationReason)}</dt><dd>${description(value.description)}</dd>`,
    );
    parts.push(`<dl class="values">${values.join('')}</dl>`);
  } else if (isScalarType(type) && type.specifiedByURL) {
    parts.push(`<p>Specified by <code>${escape(type.specifiedByURL)}</code>.</p>`);
  }
  return `<section id="${attr(type.name)}">\n${parts.join('\n')}\n</section>`;
}

function kindLabel(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  if (isInputObjectType(type)) return 'input';
  if (isEnumType(type)) return 'enum';
  return 'scalar';
}

function renderField(typeName: string, field: GraphQLField<unknown, unknown>): string {
  const args = field.args.length === 0 ? '' : `<dl class="args">${field.args.map(renderArgument).join('')}</dl>`;
  return `<dt id="${attr(`${typeName}.${field.name}`)}"><code>${escape(field.name)}${field.args.length > 0 ? '(…)' : ''}: ${typeRef(field.type)}</code>${deprecation(field.deprecationReason)}</dt><dd>${description(field.description)}${args}</dd>`;
}

function renderArgument(arg: GraphQLArgument): string {
  return `<dt><code>${escape(arg.name)}: ${typeRef(arg.type)}${defaultValue(arg.defaultValue)}</code>${deprecation(arg.deprecationReason)}</dt><dd>${description(arg.description)}</dd>`;
}

function renderInputField(typeName: string, field: GraphQLInputField): string {
  return `<dt id="${attr(`${typeName}.${field.name}`)}"><code>${escape(field.name)}: ${typeRef(field.type)}${defaultValue(field.defaultValue)}</code>${deprecation(field.deprecationReason)}</dt><dd>${description(field.description)}</dd>`;
}

/** `[Ticket!]!` with the named type linked to its section. */
function typeRef(type: GraphQLOutputType | GraphQLInputType): string {
  const name = getNamedType(type).name;
  const printed = escape(String(type));
  return printed.replace(name, isSpecifiedScalarType(getNamedType(type)) ? name : typeLink(name));
}

function typeLink(name: string): string {
  return `<a href="#${attr(name)}">${escape(name)}</a>`;
}

function defaultValue(value: unknown): string {
  return value === undefined ? '' : ` = ${escape(JSON.stringify(value))}`;
}

function deprecation(reason: string | null | undefined): string {
  return reason == null ? '' : ` <span class="deprecated">deprecated: ${inline(reason)}</span>`;
}

/** Descriptions are short Markdown: paragraphs and `code` spans are kept; everything else is shown as text. */
function description(text: string | null | undefined): string {
  if (text == null || text.trim() === '') return '';
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${inline(paragraph)}</p>`)
    .join('');
}

function inline(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Attribute values are escaped like text: names are GraphQL names, so this is belt and braces. */
const attr = escape;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildDocs();
