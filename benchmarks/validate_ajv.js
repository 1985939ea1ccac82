/* The ajv reference of benchmarks/validate.py: validations per CPU second of one compiled JSON Schema.
   Reads {"schema", "valid", "invalid", "runs", "seconds"} as JSON on stdin and prints
   {"valid": per_s, "invalid": per_s}, each the median of `runs` runs of at least `seconds` CPU seconds.
   ajv as the schema-agreement tests use it: JSON Schema 2020-12, strict mode, allErrors, ajv-formats,
   the x-formc-* annotations declared as a vocabulary. */
"use strict";
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

function cpuSeconds() {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

function rate(validate, data, runs, seconds) {
  const rates = [];
  for (let run = 0; run < runs; run++) {
    let count = 0;
    const start = cpuSeconds();
    let spent = 0;
    do {
      for (let i = 0; i < 500; i++) validate(data);
      count += 500;
      spent = cpuSeconds() - start;
    } while (spent < seconds);
    rates.push(count / spent);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary(["x-formc-form", "x-formc-rules"]);
  const validate = ajv.compile(request.schema);
  if (!validate(request.valid) || validate(request.invalid)) throw new Error("ajv disagrees with formc on the submissions");
  process.stdout.write(JSON.stringify({
    valid: rate(validate, request.valid, request.runs, request.seconds),
    invalid: rate(validate, request.invalid, request.runs, request.seconds),
  }) + "\n");
});
