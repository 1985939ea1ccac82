/* A line-oriented ajv service for the schema-agreement tests: JSON Schema 2020-12, strict mode, ajv-formats.
   Each input line is one JSON request, answered by one output line:
     {"compile": name, "schema": {...}}  ->  {"error": null | "why it does not compile"}
     {"validate": name, "data": ...}     ->  {"valid": true | false, "errors": [...the first hundred messages]}
   The x-formc-* annotations are declared as a vocabulary, the one line docs/targets/jsonschema.md asks of ajv users. */
"use strict";
const readline = require("readline");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
ajv.addVocabulary(["x-formc-form", "x-formc-rules"]);
const compiled = new Map();

function answer(request) {
  if (request.compile !== undefined) {
    try {
      if (request.schema.$id) ajv.removeSchema(request.schema.$id);
      compiled.set(request.compile, ajv.compile(request.schema));
      return { error: null };
    } catch (e) {
      return { error: String(e.message || e) };
    }
  }
  const validate = compiled.get(request.validate);
  const valid = validate(request.data);
  return { valid: valid, errors: (validate.errors || []).slice(0, 100).map((e) => e.instancePath + " " + e.message) };
}

readline.createInterface({ input: process.stdin, terminal: false }).on("line", (line) => {
  process.stdout.write(JSON.stringify(answer(JSON.parse(line))) + "\n");
});
