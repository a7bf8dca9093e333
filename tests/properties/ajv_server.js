// A long-lived ajv 8 (draft 2020-12) validator for the differential property tests.
// Reads JSON lines on stdin and answers one JSON line each on stdout:
//   {"add": {...schema...}}                  -> {"ok": true} (registered under its $id)
//   {"schema": "$id", "data": ...}           -> {"valid": bool, "errors": [{path, keyword}]}
// Schemas are compiled once and cached by ajv; unknown annotation keywords
// (markdownDescription) are allowed, formats are asserted (ajv-formats).
"use strict";
const readline = require("readline");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
ajv.addKeyword("markdownDescription");

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on("line", (line) => {
  let reply;
  try {
    const msg = JSON.parse(line);
    if (msg.add !== undefined) {
      ajv.addSchema(msg.add);
      reply = { ok: true };
    } else {
      const validate = ajv.getSchema(msg.schema);
      if (!validate) throw new Error("unknown schema " + msg.schema);
      const valid = validate(msg.data);
      reply = {
        valid: !!valid,
        errors: (validate.errors || []).map((e) => ({
          path: e.instancePath,
          keyword: e.keyword,
          message: e.message,
        })),
      };
    }
  } catch (err) {
    reply = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
