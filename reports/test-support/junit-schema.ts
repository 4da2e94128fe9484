/**
 * Validates a JUnit XML document against the schema Jenkins validates JUnit reports with
 * (`jenkins-junit-10.xsd`, see README.md), with libxml2 compiled to WebAssembly (`xmllint-wasm`).
 */
import { readFile } from "node:fs/promises";
import { validateXML } from "xmllint-wasm";

const XSD = new URL("./jenkins-junit-10.xsd", import.meta.url);

/** The schema violations of the documents (`junit-<n>.xml:<line>: message`), none when all are valid. */
export async function junitSchemaErrors(...documents: string[]): Promise<string[]> {
  const result = await validateXML({
    xml: documents.map((contents, n) => ({ fileName: `junit-${n}.xml`, contents })),
    schema: [await readFile(XSD, "utf8")],
    // a failing run's junit.xml with every finding's text runs to a few hundred KB
    maxMemoryPages: 4096,
  });
  if (result.valid) return [];
  return result.errors.map((e) => `${e.loc?.fileName ?? "?"}:${e.loc?.lineNumber ?? "?"}: ${e.message}`);
}
