// The OpenAPI document served by the running worker is valid OpenAPI 3.1 (checked by an independent validator)
// and describes the contract's routes with the schemas that validate them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { BASE_URL } from "./browser.mjs";

test("GET /openapi.json is a valid OpenAPI 3.1 document covering the API", async () => {
  const response = await fetch(`${BASE_URL}/openapi.json`);
  assert.equal(response.status, 200);
  const document = await response.json();
  const validator = new Validator();
  const result = await validator.validate(document);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  assert.equal(validator.version, "3.1");
  for (const [path, method] of [
    ["/api/v1/units", "get"],
    ["/api/v1/units", "post"],
    ["/api/v1/units/import", "post"],
    ["/api/v1/units/{code}", "get"],
    ["/api/v1/auth/login", "post"],
    ["/api/v1/me", "get"],
    ["/api/v1/me/password", "post"],
    ["/api/v1/accounts", "post"],
    ["/api/v1/accounts/{id}", "patch"],
  ]) {
    assert.ok(document.paths[path]?.[method], `${method.toUpperCase()} ${path} is documented`);
  }
  const createUnit = document.paths["/api/v1/units"].post;
  assert.deepEqual(createUnit["x-roles"], ["admin"]);
  const body = createUnit.requestBody.content["application/json"].schema;
  assert.deepEqual(body.required.sort(), ["code", "level", "name"]);
  assert.deepEqual(body.properties.level.enum, ["province", "district", "commune", "ward", "special_zone"]);
  const listUnits = document.paths["/api/v1/units"].get;
  assert.ok(listUnits.parameters.some((parameter) => parameter.name === "validOn" && parameter.in === "query"));
});
