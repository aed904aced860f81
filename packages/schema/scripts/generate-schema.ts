// Generates generated/<ruleSet>.schema.json from the TypeScript types with
// typescript-json-schema. The output is sorted so that it is byte-for-byte
// stable; CI regenerates it and fails on any difference.
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as TJS from 'typescript-json-schema';
import { sortKeysDeep } from './sort-keys.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const sourceRoot = `${packageRoot}src/`;

const settings: TJS.PartialArgs = {
  required: true,
  noExtraProps: true,
  strictNullChecks: true,
  ref: true,
  aliasRef: false,
  // Custom annotation: the human reason given when a value fails `pattern`.
  validationKeywords: ['patternReason'],
};

function generate(ruleSet: string): void {
  // Every type file of the rule set and of common/ is a root, so that types are
  // named plainly (a type reached only through imports gets an import("…") name).
  const roots = [`src/${ruleSet}`, 'src/common'].flatMap((dir) =>
    readdirSync(`${packageRoot}${dir}`)
      .filter((file) => file.endsWith('.types.ts'))
      .map((file) => `${packageRoot}${dir}/${file}`),
  );
  const program = TJS.programFromConfig(`${packageRoot}tsconfig.json`, roots);
  const generator = TJS.buildGenerator(program, settings);
  if (!generator) throw new Error(`typescript-json-schema could not compile the ${ruleSet} types`);
  // Only the types declared in this package's src/ (not those of @types/node).
  const ownTypes = generator
    .getSymbols()
    .filter((ref) => ref.symbol.declarations?.some((d) => d.getSourceFile().fileName.startsWith(sourceRoot)))
    .map((ref) => ref.name);
  const schema = generator.getSchemaForSymbols(ownTypes);
  const document = sortKeysDeep({
    $comment: `Generated from packages/schema/src/${ruleSet} by scripts/generate-schema.ts. Do not edit.`,
    ...plainDefinitionNames(schema),
  });
  const out = `${packageRoot}generated/${ruleSet}.schema.json`;
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${out} (${Object.keys(schema.definitions ?? {}).length} definitions)`);
}

// typescript-json-schema names a type that another module refers to
// `import("/abs/path/file").Name`: machine-specific and unfit for OpenAPI
// component keys. Each such definition shares its plain `Name` with another,
// which is either a copy of it or only a `$ref` to it (perhaps with the type's
// description): so it is for `NeutronError`, the type of a property of the same
// name. Keep the one real body under the plain name, since after the rename
// such a `$ref` would point at itself.
const IMPORT_QUALIFIED = /^import\(.*\)\.([A-Za-z0-9_]+)$/;

function plainDefinitionNames(schema: TJS.Definition): TJS.Definition {
  const renamed = JSON.parse(JSON.stringify(schema), (key, value) => {
    if (key !== '$ref' || typeof value !== 'string') return value;
    return `#/definitions/${plainName(refTarget(value))}`;
  }) as TJS.Definition;
  const bodies = new Map<string, Set<string>>();
  for (const [name, definition] of Object.entries(renamed.definitions ?? {})) {
    const plain = plainName(name);
    if (isRefTo(definition, plain)) continue;
    bodies.set(plain, (bodies.get(plain) ?? new Set()).add(JSON.stringify(definition)));
  }
  const definitions: Record<string, TJS.DefinitionOrBoolean> = {};
  for (const [plain, variants] of bodies) {
    if (variants.size !== 1) throw new Error(`${variants.size} different definitions are named ${plain}`);
    definitions[plain] = JSON.parse([...variants][0] as string);
  }
  for (const name of Object.keys(renamed.definitions ?? {}).map(plainName)) {
    if (!(name in definitions)) throw new Error(`the definition ${name} only refers to itself`);
  }
  return { ...renamed, definitions };
}

function plainName(name: string): string {
  return name.replace(IMPORT_QUALIFIED, '$1');
}

function refTarget(ref: string): string {
  return decodeURIComponent(ref.slice('#/definitions/'.length));
}

function isRefTo(definition: TJS.DefinitionOrBoolean, plain: string): boolean {
  return (
    typeof definition === 'object' &&
    typeof definition.$ref === 'string' &&
    plainName(refTarget(definition.$ref)) === plain
  );
}

generate('otc');
